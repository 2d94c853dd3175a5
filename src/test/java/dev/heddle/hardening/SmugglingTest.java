package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request smuggling: each ambiguous request is refused, or forwarded so that the upstream sees
 * exactly the request boundary Heddle saw. A hidden "GET /smuggled" after the first request's
 * body must never reach the upstream as a request of its own.
 */
class SmugglingTest {
    private RawUpstream upstream;
    private Heddle heddle;

    @BeforeEach
    void start() throws Exception {
        upstream = RawUpstream.ok("ok");
        heddle = Heddle.proxyTo(upstream.dial());
    }

    @AfterEach
    void stop() throws IOException {
        heddle.close();
        upstream.close();
    }

    /** Sends the bytes, reads whatever comes back until the server closes or goes quiet. */
    private List<Integer> statuses(String raw) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            s.setSoTimeout(2000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            while (true) {
                try {
                    out.add(RawClient.read(in, false).status());
                } catch (IOException | RuntimeException e) {
                    return out;
                }
            }
        }
    }

    /**
     * Judged on the bytes the upstream received, not on parsed requests: a hidden request sent
     * as undeclared bytes after a message would be invisible to a parser that trusts the framing.
     */
    private void assertNoSmuggledRequest() {
        assertFalse(upstream.wire().contains("/smuggled"), "the upstream received the hidden request's bytes:\n" + upstream.wire());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "CL and TE together    | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 4\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "two different CLs     | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\nContent-Length: 44\\r\\n\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "bad chunk size        | POST / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "obs-fold              | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\r\\n b\\r\\n\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "space before colon    | POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length : 44\\r\\n\\r\\nGET /smuggled HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n",
        "NUL in a value        | GET / HTTP/1.1\\r\\nHost: x\\r\\nX-A: a\\u0000b\\r\\n\\r\\n",
    })
    void ambiguousRequestsAreRefusedAndNothingHiddenGetsThrough(String what, String raw) throws Exception {
        String bytes = raw.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000");
        List<Integer> statuses = statuses(bytes);
        assertNoSmuggledRequest();
        assertEquals(List.of(400), statuses, what + ": refused with one 400, then the connection closes");
    }

    /** Any Transfer-Encoding but exactly one "chunked" is not implemented (501, as Go), and the connection closes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "gzip                  | gzip",
        "gzip then chunked     | gzip, chunked",
        "chunked twice         | chunked, chunked",
        "identity              | identity",
    })
    void unsupportedTransferEncodingsAre501(String what, String te) throws Exception {
        List<Integer> statuses = statuses("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te + "\r\n\r\n"
                + "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n");
        assertNoSmuggledRequest();
        assertEquals(List.of(501), statuses, what);
    }

    /** Request trailers follow the body upstream, and the request after it keeps its boundary. */
    @org.junit.jupiter.api.Test
    void requestTrailersAreForwarded() throws Exception {
        List<Integer> statuses = statuses("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3\r\nabc\r\n0\r\nX-Checksum: 42\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(List.of(200, 200), statuses);
        RawUpstream.Request first = upstream.takeRequest();
        assertEquals("abc", new String(first.body(), StandardCharsets.US_ASCII));
        assertEquals("42", first.trailer("X-Checksum"));
        assertEquals("GET /b HTTP/1.1", upstream.takeRequest().requestLine());
    }

    @org.junit.jupiter.api.Test
    void absoluteFormTargetCannotSteerTheProxy() throws Exception {
        RawClient.Response r = RawClient.exchange(heddle.port(),
                "GET http://evil.example/steal?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        RawUpstream.Request got = upstream.takeRequest();
        assertEquals("ok", r.bodyText(), "answered by the configured upstream");
        assertTrue(got.requestLine().startsWith("GET /steal?x=1 HTTP/1.1") || got.requestLine().startsWith("GET http://evil.example/"),
                got.requestLine());
        // RFC 9112 §3.2.2: the target's authority is the request's host, as in Go and Caddy.
        assertEquals("evil.example", got.header("Host"), "the target's authority is the Host");
    }

    @org.junit.jupiter.api.Test
    void validChunkedBodyAndPipelinedRequestsKeepTheirBoundaries() throws Exception {
        List<Integer> statuses = statuses("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "GET /b HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(List.of(200, 200), statuses);
        assertEquals("abc", new String(upstream.takeRequest().body(), StandardCharsets.US_ASCII));
        assertEquals("GET /b HTTP/1.1", upstream.takeRequest().requestLine());
    }
}
