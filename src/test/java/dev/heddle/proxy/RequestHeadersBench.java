package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.HeaderList;
import dev.heddle.transport.HeaderField;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.util.List;

/**
 * Preparing a request's headers for the upstream (hop-by-hop removal, X-Forwarded-*), done
 * once per request: a browser's, and bench/headers.lua's 30 extra fields. Run with -Pjmh; it
 * lives here for package access.
 */
@State(Scope.Benchmark)
public class RequestHeadersBench {
    @Param({"browser", "bench30"})
    public String head;
    private Exchange ex;

    @Setup
    public void setUp() throws Exception {
        HeaderList h = new HeaderList();
        h.add("Host", "shop.example");
        if (head.equals("browser")) {
            h.add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0");
            h.add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
            h.add("Accept-Encoding", "gzip, deflate, br");
            h.add("Accept-Language", "en-GB,en;q=0.9");
            h.add("Cookie", "session=3f2a9c; theme=dark; consent=yes");
            h.add("Connection", "keep-alive");
            h.add("X-Forwarded-For", "198.51.100.4");
        } else {
            for (int i = 1; i <= 30; i++) {
                h.add("X-Bench-Header-" + i, "value-" + i + "-abcdefghijklmnopqrstuvwxyz");
            }
        }
        ex = Exchange.builder().method("GET").rawPath("/products/42").host("shop.example").headers(h)
                .remote(InetAddress.getByName("192.0.2.7"), 40000).build();
    }

    @Benchmark
    public List<HeaderField> untrustedPeer() {
        return RequestHeaders.prepare(ex, false);
    }

    @Benchmark
    public List<HeaderField> trustedPeer() {
        return RequestHeaders.prepare(ex, true);
    }
}
