package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Response trailers: a chunked upstream response's declared trailers reach a client that sent
 * "TE: trailers", after the body; other clients get the body without them; a malformed
 * trailer aborts the client connection instead of ending the body cleanly.
 */
class TrailersTest {
    private static RawUpstream upstream(String trailerLine) throws IOException {
        return new RawUpstream((req, out, s) -> {
            out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n" + trailerLine + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    /** The whole raw response, read until the proxy closes the connection (or resets it). */
    private static String exchange(int port, String te) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: x\r\n" + te + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) > 0; ) {
                    sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException reset) {
                // an aborted response: what arrived is the answer
            }
            return sb.toString();
        }
    }


    @Test
    void declaredTrailersReachAClientThatAskedForThem() throws Exception {
        try (RawUpstream up = upstream("X-Checksum: 5eb63bbb\r\n");
             Heddle h = Heddle.proxyTo(up.dial())) {
            String response = exchange(h.port(), "TE: trailers\r\n");
            String lower = response.toLowerCase();
            assertTrue(lower.contains("\r\ntrailer: x-checksum\r\n"), response);
            assertTrue(response.contains("hello") && response.contains(" world"), response);
            // Exactly the upstream's trailer: no framework one (Helidon announced "Stream-Result").
            assertTrue(response.endsWith("\r\n0\r\nX-Checksum: 5eb63bbb\r\n\r\n"), response);
            assertFalse(lower.contains("stream-result"), response);
        }
    }

    @Test
    void clientsThatDidNotAskGetTheBodyWithoutThem() throws Exception {
        try (RawUpstream up = upstream("X-Checksum: 5eb63bbb\r\n");
             Heddle h = Heddle.proxyTo(up.dial())) {
            String response = exchange(h.port(), "");
            assertTrue(response.endsWith("\r\n0\r\n\r\n"), response);
            assertFalse(response.toLowerCase().contains("x-checksum"), response);
        }
    }

    @Test
    void aMalformedTrailerAbortsTheResponse() throws Exception {
        try (RawUpstream up = upstream("Bad Name: x\r\n");
             Heddle h = Heddle.proxyTo(up.dial())) {
            String response = exchange(h.port(), "TE: trailers\r\n");
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            assertFalse(response.endsWith("\r\n\r\n") && response.contains("\r\n0\r\n"),
                    "the body must not end cleanly: " + response);
        }
    }
}
