package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hop-by-hop headers are removed in both directions and X-Forwarded-* are set as Caddy sets
 * them, with and without trusted proxies (caddy-reference.md §9.2, §9.3), over real sockets.
 */
class ForwardingHeadersTest {
    private static final String CLIENT_REQUEST = """
            GET /path?q=1 HTTP/1.1\r
            Host: example.test:8443\r
            Connection: keep-alive, X-Hop-Custom\r
            X-Hop-Custom: secret\r
            Keep-Alive: timeout=5\r
            Proxy-Connection: keep-alive\r
            Proxy-Authorization: Basic Zm9vOmJhcg==\r
            TE: trailers, gzip\r
            Trailer: X-Checksum\r
            X-Forwarded-For: 203.0.113.9, 10.0.0.1\r
            X-Forwarded-Proto: https\r
            X-Forwarded-Host: original.test\r
            Forwarded: for=198.51.100.1\r
            X-End-To-End: kept\r
            Connection: close\r
            \r
            """;

    private RawUpstream upstream;

    @BeforeEach
    void upstream() throws IOException {
        upstream = new RawUpstream((req, out, s) -> out.write("""
                HTTP/1.1 200 OK\r
                Content-Length: 2\r
                Connection: keep-alive, X-Upstream-Hop\r
                X-Upstream-Hop: 1\r
                Keep-Alive: timeout=60\r
                Alt-Svc: h3=":443"\r
                Proxy-Authenticate: Basic\r
                Server: upstream-server/1.0\r
                Set-Cookie: a=1\r
                Set-Cookie: b=2\r
                X-Kept: yes\r
                \r
                ok""".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @AfterEach
    void close() throws IOException {
        upstream.close();
    }

    private String proxyRoutes(String handlerExtra) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + upstream.dial() + "\"}]"
                + handlerExtra + "}]}]";
    }

    @Test
    void untrustedClientGetsItsForwardedHeadersReplacedAndHopByHopStripped() throws Exception {
        try (Heddle heddle = Heddle.withRoutes(proxyRoutes(""))) {
            RawClient.Response res = RawClient.exchange(heddle.port(), CLIENT_REQUEST);
            assertEquals(200, res.status());
            RawUpstream.Request got = upstream.takeRequest();

            assertEquals("GET /path?q=1 HTTP/1.1", got.requestLine());
            assertEquals("example.test:8443", got.header("Host"), "the client's Host reaches a plain-HTTP upstream unchanged");
            assertEquals("127.0.0.1", got.header("X-Forwarded-For"));
            assertEquals("http", got.header("X-Forwarded-Proto"));
            assertEquals("example.test:8443", got.header("X-Forwarded-Host"));
            assertEquals("trailers", got.header("TE"));
            assertEquals("kept", got.header("X-End-To-End"));
            assertEquals("for=198.51.100.1", got.header("Forwarded"), "Forwarded passes through untouched");
            for (String hop : List.of("Connection", "X-Hop-Custom", "Keep-Alive", "Proxy-Connection",
                    "Proxy-Authorization", "Trailer", "Via", "User-Agent")) {
                assertNull(got.header(hop), hop + " must not reach the upstream");
            }
        }
    }

    @Test
    void hopByHopResponseHeadersAreStrippedAndServerPassesThrough() throws Exception {
        try (Heddle heddle = Heddle.withRoutes(proxyRoutes(""))) {
            RawClient.Response res = RawClient.exchange(heddle.port(), CLIENT_REQUEST);
            assertEquals("ok", res.bodyText());
            assertEquals("upstream-server/1.0", res.header("Server"));
            assertEquals(List.of("a=1", "b=2"), res.all("Set-Cookie"), "repeated fields stay separate");
            assertEquals("yes", res.header("X-Kept"));
            for (String hop : List.of("X-Upstream-Hop", "Keep-Alive", "Alt-Svc", "Proxy-Authenticate", "Via")) {
                assertNull(res.header(hop), hop + " must not reach the client");
            }
            String connection = res.header("Connection");
            assertFalse(connection != null && connection.contains("X-Upstream-Hop"), "upstream Connection tokens are not relayed");
        }
    }

    /** A Connection list of many names (past the few scanned in place, looked up instead): every named field stays on its hop. */
    @Test
    void fieldsNamedInALongConnectionListStayOnTheirHop() throws Exception {
        String names = "X-A1, x-a2, X-A3, X-A4, X-A5, X-a6";
        String request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: " + names + "\r\nX-A1: 1\r\nX-A2: 2\r\nx-a5: 5\r\n"
                + "X-A6: 6\r\nX-End-To-End: kept\r\n\r\n";
        try (Heddle heddle = Heddle.withRoutes(proxyRoutes(""))) {
            assertEquals(200, RawClient.exchange(heddle.port(), request).status());
            RawUpstream.Request got = upstream.takeRequest();
            assertEquals("kept", got.header("X-End-To-End"));
            for (String hop : List.of("X-A1", "X-A2", "X-A5", "X-A6")) {
                assertNull(got.header(hop), hop + " was named by Connection and must not reach the upstream");
            }
        }
    }

    @Test
    void serverLevelTrustedProxyKeepsForwardedChain() throws Exception {
        String json = """
                {"apps": {"http": {"servers": {"srv0": {
                  "listen": ["127.0.0.1:0"],
                  "trusted_proxies": {"source": "static", "ranges": ["127.0.0.0/8"]},
                  "routes": %s}}}}}""".formatted(proxyRoutes(""));
        try (Heddle heddle = Heddle.start(json)) {
            RawClient.exchange(heddle.port(), CLIENT_REQUEST);
            RawUpstream.Request got = upstream.takeRequest();
            assertEquals("203.0.113.9, 10.0.0.1, 127.0.0.1", got.header("X-Forwarded-For"));
            assertEquals("https", got.header("X-Forwarded-Proto"));
            assertEquals("original.test", got.header("X-Forwarded-Host"));
        }
    }

    @Test
    void handlerLevelTrustedProxiesAreHonouredToo() throws Exception {
        try (Heddle heddle = Heddle.withRoutes(proxyRoutes(",\"trusted_proxies\":[\"127.0.0.1/32\"]"))) {
            RawClient.exchange(heddle.port(), CLIENT_REQUEST);
            RawUpstream.Request got = upstream.takeRequest();
            assertEquals("203.0.113.9, 10.0.0.1, 127.0.0.1", got.header("X-Forwarded-For"));
            assertEquals("https", got.header("X-Forwarded-Proto"));
        }
    }

    @Test
    void trustOfAnotherRangeDoesNotApply() throws Exception {
        try (Heddle heddle = Heddle.withRoutes(proxyRoutes(",\"trusted_proxies\":[\"10.0.0.0/8\"]"))) {
            RawClient.exchange(heddle.port(), CLIENT_REQUEST);
            RawUpstream.Request got = upstream.takeRequest();
            assertEquals("127.0.0.1", got.header("X-Forwarded-For"));
            assertEquals("http", got.header("X-Forwarded-Proto"));
            assertTrue(got.headerNames().stream().filter("X-Forwarded-For"::equalsIgnoreCase).count() == 1);
        }
    }
}
