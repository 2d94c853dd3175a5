package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * max_connections: connections beyond the limit wait in the accept queue, unanswered, while the
 * admitted ones keep working; when one of those closes, the waiting one is served.
 */
class MaxConnectionsTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

    private static String ask(Socket s) throws IOException {
        s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return RawClient.read(s.getInputStream(), false).bodyText();
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5_000);
        return s;
    }

    @Test
    void aConnectionOverTheLimitWaitsUntilAnotherCloses() throws Exception {
        try (Heddle h = Heddle.start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "max_connections": 2,
                  "routes": [{"handle": [{"handler": "static_response", "body": "ok"}]}]}}}}}""");
             Socket first = connect(h.port());
             Socket second = connect(h.port());
             Socket third = connect(h.port())) {
            assertEquals("ok", ask(first));
            assertEquals("ok", ask(second));

            third.setSoTimeout(700);
            third.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
            third.getOutputStream().flush();
            assertThrows(SocketTimeoutException.class, () -> third.getInputStream().read(), "the third must wait");

            assertEquals("ok", ask(first), "admitted connections keep working");
            first.close();
            third.setSoTimeout(5_000);
            assertEquals("ok", RawClient.read(third.getInputStream(), false).bodyText());
        }
    }
}
