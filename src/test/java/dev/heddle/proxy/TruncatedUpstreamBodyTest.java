package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream that closes before its declared Content-Length (issue 19, defects 3 and 4). As
 * Caddy does: the client gets the upstream's head and every byte that came, then the
 * connection closes (a short body against its Content-Length), never an empty reply; a 502
 * only where response_buffers holds the whole body back, and then without the upstream's
 * headers. Either way the upstream is charged one passive failure.
 */
class TruncatedUpstreamBodyTest {
    /** Declares {@code declared} bytes, sends {@code sent}, closes. */
    private static RawUpstream truncating(int declared, int sent) throws IOException {
        return new RawUpstream(s -> {
            readHead(s.getInputStream());
            s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + declared + "\r\nSet-Cookie: session=upstream\r\n\r\n"
                    + "b".repeat(sent)).getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.close();
        });
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
        }
    }

    /** Everything the client receives until the connection ends. */
    private static String receive(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                in.transferTo(got);
            } catch (IOException reset) {
                // a reset after the bytes: what arrived counts
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @ParameterizedTest(name = "declared {0}, sent {1}")
    @CsvSource({"100000, 3000", "5000, 100", "5000, 0", "20000, 16384"})
    void theHeadAndEveryByteThatCameGoOutThenTheConnectionCloses(int declared, int sent) throws Exception {
        try (RawUpstream up = truncating(declared, sent); Heddle h = Heddle.proxyTo(up.dial())) {
            String got = receive(h.port());
            assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"), "never an empty reply or a 502: " + got.substring(0, Math.min(200, got.length())));
            assertTrue(got.contains("\r\nContent-Length: " + declared + "\r\n"), got.substring(0, Math.min(300, got.length())));
            assertEquals(sent, got.length() - got.indexOf("\r\n\r\n") - 4, "every byte the upstream sent, no more");
        }
    }

    /** response_buffers holds the body back: a 502, none of the upstream's headers. */
    @Test
    void aHeldBackBodyThatBreaksIsA502WithoutTheUpstreamsHeaders() throws Exception {
        try (RawUpstream up = truncating(5000, 100);
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"response_buffers\":-1,"
                     + "\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(502, r.status());
            assertEquals(null, r.header("Set-Cookie"), "the upstream's headers are not the 502's");
        }
    }

    /** The broken body is one passive failure: with max_fails 1 the only upstream is then down (503). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "streamed          | 100000 | 3000 | ''",
        "sent whole        | 5000   | 100  | ''",
        "held back         | 5000   | 100  | ,\"response_buffers\":-1",
    })
    void theBrokenBodyIsOnePassiveFailure(String what, int declared, int sent, String extra) throws Exception {
        try (RawUpstream up = truncating(declared, sent);
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\"" + extra + ",\"upstreams\":[{\"dial\":\"" + up.dial()
                     + "\"}],\"health_checks\":{\"passive\":{\"max_fails\":1,\"fail_duration\":\"30s\"}}}]}]")) {
            receive(h.port());
            RawClient.Response next = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(503, next.status(), what + ": the upstream was charged the failure");
            assertFalse(up.requestCount() > 1, what + ": no second request reached it");
        }
    }
}
