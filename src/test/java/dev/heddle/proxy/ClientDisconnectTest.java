package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that hangs up mid-download is a client write error: logged at debug level, never as
 * an upstream error; the upstream connection is closed (its half-read response must not be
 * pooled); the proxy keeps serving.
 */
class ClientDisconnectTest {
    private static final long HUGE = 1L << 30;

    @Test
    void clientGoneMidDownloadIsAClientWriteError() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        try (RawUpstream upstream = new RawUpstream((req, out, s) -> {
                 if (req.requestLine().startsWith("GET /small")) {
                     out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nsmall".getBytes(StandardCharsets.US_ASCII));
                     return;
                 }
                 out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + HUGE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 for (long sent = 0; sent < HUGE; sent += chunk.length) {
                     out.write(chunk);
                 }
             });
             LogCapture log = new LogCapture("dev.heddle.proxy");
             Heddle heddle = Heddle.proxyTo(upstream.dial())) {

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
                client.getOutputStream().write("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = client.getInputStream();
                byte[] buf = new byte[8192];
                long read = 0;
                while (read < 1 << 20) {
                    read += in.read(buf);
                }
                client.setSoLinger(true, 0);  // hang up hard, with unread data in flight
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertTrue(log.debug().stream().anyMatch(m -> m.contains("client write error")), log.records().toString());
                assertEquals(1, upstream.connectionsClosedByProxy(), "the upstream connection is closed, not pooled");
            });
            assertTrue(log.errors().isEmpty(), "no upstream error is logged: " + log.errors());

            RawClient.Response next = RawClient.exchange(heddle.port(), "GET /small HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, next.status());
            assertEquals("small", next.bodyText());
            assertEquals(2, upstream.connectionsAccepted(), "the next request used a fresh upstream connection");
        }
    }
}
