package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Request head limits (max_request_line_bytes → 414, max_header_bytes and max_header_count →
 * 431): just under each limit the request reaches the upstream, just over it the client gets
 * the status and the upstream sees nothing.
 */
class HeadLimitsTest {
    private RawUpstream upstream;
    private Heddle heddle;

    @BeforeEach
    void start() throws Exception {
        upstream = RawUpstream.ok("ok");
        heddle = Heddle.start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "max_request_line_bytes": 1024, "max_header_bytes": 4096, "max_header_count": 20,
                  "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                .formatted(upstream.dial()));
    }

    @AfterEach
    void stop() throws IOException {
        heddle.close();
        upstream.close();
    }

    private RawClient.Response get(String target, String extraHeaders) throws IOException {
        return RawClient.exchange(heddle.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders
                + "Connection: close\r\n\r\n");
    }

    /** A target that makes the request line exactly {@code length} bytes, CRLF excluded. */
    private static String targetForLine(int length) {
        int overhead = "GET ".length() + " HTTP/1.1".length() + "/?q=".length();
        return "/?q=" + "a".repeat(length - overhead);
    }

    @Test
    void requestLineAtTheLimitPassesAndOneByteMoreIs414() throws Exception {
        assertEquals(200, get(targetForLine(1000), "").status());
        assertEquals(414, get(targetForLine(1100), "").status());
        assertEquals(1, upstream.requestCount());
    }

    @Test
    void headerBytesOverTheLimitAre431() throws Exception {
        assertEquals(200, get("/", "X-Big: " + "b".repeat(3000) + "\r\n").status());
        assertEquals(431, get("/", "X-Big: " + "b".repeat(5000) + "\r\n").status());
        // Far past the limit too (Helidon's parser used to stop first with a bare 400).
        assertEquals(431, get("/", "X-Big: " + "b".repeat(9000) + "\r\n").status());
        assertEquals(1, upstream.requestCount());
    }

    @Test
    void headerCountOverTheLimitIs431() throws Exception {
        // Host and Connection count too: 18 more make 20.
        assertEquals(200, get("/", "X-N: 1\r\n".repeat(18)).status());
        assertEquals(431, get("/", "X-N: 1\r\n".repeat(19)).status());
        assertEquals(1, upstream.requestCount());
    }
}
