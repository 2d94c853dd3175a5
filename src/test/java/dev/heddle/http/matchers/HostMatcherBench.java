package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;

/** Twenty sites, one host matcher each (as a Caddyfile with twenty site blocks makes), for a request to the last. */
@State(Scope.Benchmark)
public class HostMatcherBench {
    private final List<HostMatcher> sites = new ArrayList<>();
    private Exchange ex;

    @Setup
    public void setUp() {
        for (int i = 0; i < 19; i++) {
            sites.add(new HostMatcher(List.of("site" + i + ".example.com", "www.site" + i + ".example.com")));
        }
        sites.add(new HostMatcher(List.of("*.apps.example.com")));
        ex = Exchange.builder().rawPath("/").host("shop.apps.example.com:443").build();
    }

    @Benchmark
    public int firstMatchingSite() {
        for (int i = 0; i < sites.size(); i++) {
            if (sites.get(i).matches(ex)) {
                return i;
            }
        }
        return -1;
    }
}
