package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/** A route's path matcher with a few patterns of each shape, against a request none of them matches until the last. */
@State(Scope.Benchmark)
public class PathMatcherBench {
    private PathMatcher matcher;
    private Exchange ex;

    @Setup
    public void setUp() {
        matcher = new PathMatcher(List.of("/static/*", "*.php", "/admin", "*/.git/*", "/api/v[0-9]/items/*"));
        ex = Exchange.builder().rawPath("/api/v1/items/42").build();
    }

    @Benchmark
    public boolean matches() {
        return matcher.matches(ex);
    }
}
