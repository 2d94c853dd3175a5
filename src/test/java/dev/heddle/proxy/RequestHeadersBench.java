package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.transport.HeaderField;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.util.List;

/**
 * Preparing a typical browser request's headers for the upstream (hop-by-hop removal,
 * X-Forwarded-*), done once per request. Run with -Pjmh; it lives here for package access.
 */
@State(Scope.Benchmark)
public class RequestHeadersBench {
    private Exchange ex;

    @Setup
    public void setUp() throws Exception {
        WritableHeaders<?> h = WritableHeaders.create();
        h.add(HeaderNames.HOST, "shop.example");
        h.add(HeaderNames.USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0");
        h.add(HeaderNames.ACCEPT, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        h.add(HeaderNames.ACCEPT_ENCODING, "gzip, deflate, br");
        h.add(HeaderNames.ACCEPT_LANGUAGE, "en-GB,en;q=0.9");
        h.add(HeaderNames.COOKIE, "session=3f2a9c; theme=dark; consent=yes");
        h.add(HeaderNames.CONNECTION, "keep-alive");
        h.add(HeaderNames.create("X-Forwarded-For"), "198.51.100.4");
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
