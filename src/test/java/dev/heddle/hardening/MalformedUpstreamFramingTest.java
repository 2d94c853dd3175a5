package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An upstream response whose framing is malformed, on a pooled connection (issue 20): a broken
 * head is a 502; a body that breaks after the head went out is cut (README: the head and every
 * byte that came, never a clean short response). Either way the connection is not pooled again:
 * the next request reaches the upstream on a fresh one.
 */
class MalformedUpstreamFramingTest {
    private static final String GOOD = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** Sends one request on its own connection; the bytes until close (or 5 s), with "<EOF>" or "<RESET>". */
    private static String wire(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return RawClient.readUntilClosed(s.getInputStream());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                          | the upstream's reply (\n = CRLF)                                                   | the client sees
        "two different Content-Lengths  | HTTP/1.1 200 OK\\nContent-Length: 3\\nContent-Length: 5\\n\\nabcde                  | 502",
        "obs-fold                       | HTTP/1.1 200 OK\\nX-A: a\\n b\\nContent-Length: 2\\n\\nok                          | 502",
        "a chunk size that is no number | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\nzz\\nhello\\n0\\n\\n             | cut",
        "a chunk longer than declared   | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n3\\nhello\\n0\\n\\n              | cut",
    })
    void malformedFramingIsRefusedAndTheConnectionNotReused(String what, String reply, String seen) throws Exception {
        String bad = reply.replace("\\n", "\r\n");
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(
                     (req.requestLine().startsWith("GET /bad ") ? bad : GOOD).getBytes(StandardCharsets.ISO_8859_1)));
             Heddle h = Heddle.proxyTo(up.dial())) {
            assertEquals("ok", RawClient.exchange(h.port(), "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            String got = wire(h.port(), "/bad");
            assertEquals(1, up.connectionsAccepted(), what + ": the bad response came on the pooled connection");
            if (seen.equals("502")) {
                assertTrue(got.startsWith("HTTP/1.1 502 "), what + ": " + got);
                assertTrue(got.endsWith("<EOF>"), what + ": " + got);
            } else {
                // The head went out; then the connection is cut, with no last chunk.
                assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"), what + ": " + got);
                assertTrue(got.endsWith("<EOF>") || got.endsWith("<RESET>"), what + ": " + got);
                assertTrue(!got.contains("\r\n0\r\n\r\n"), what + ": never a clean end: " + got);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> up.connectionsClosedByProxy() == 1);  // discarded, not pooled
            assertEquals("ok", RawClient.exchange(h.port(), "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals(2, up.connectionsAccepted(), what + ": the next request dialed afresh");
        }
    }
}
