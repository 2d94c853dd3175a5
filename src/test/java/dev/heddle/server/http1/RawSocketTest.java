package dev.heddle.server.http1;

import dev.heddle.testing.Heddle;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins what RawSocket relies on in Helidon 4.5.0 (a private {@code delegate} Socket in
 * PlainSocket): with it the connection reads and writes the socket directly and can half-close
 * it. A Helidon upgrade that moves the field fails here instead of silently taking the slower
 * path without a lingering half-close.
 */
class RawSocketTest {
    @Test
    void helidonsPlainSocketStillHoldsItsSocket() {
        assertTrue(RawSocket.available(), "io.helidon.common.socket.PlainSocket has no Socket field \"delegate\"");
    }

    /** The half-close in a lingering close: the client sees the end of the answer at once, not after the linger. */
    @Test
    void aClosingAnswerIsFollowedByAnEndOfStreamWhileTheClientStillSends() throws Exception {
        try (Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"static_response\",\"status_code\":403}]}]");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(Math.toIntExact(Http1Connection.LINGER.toMillis() / 2));
            OutputStream out = s.getOutputStream();
            // 300 KiB declared, 1 KiB sent: the body is unread past the discard limit, so the answer closes.
            out.write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + 300 * 1024 + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1024]);
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);  // ends well before the linger does
            assertTrue(answer.startsWith("HTTP/1.1 403 Forbidden\r\n"), answer);
            assertTrue(answer.contains("Connection: close\r\n"), answer);
            assertEquals(-1, in.read());
        }
    }
}
