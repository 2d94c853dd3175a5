package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading a large response holds only its own buffers: the proxy reads
 * from the upstream no faster than the client takes, so what the upstream got out stalls at
 * about the sockets' buffers, other clients are served meanwhile, and nothing is lost when the
 * slow client resumes.
 */
class SlowReaderTest {
    private static final long SIZE = 100L * 1024 * 1024;

    /** Serves SIZE bytes as fast as the socket takes them, counting what it got out. */
    private static RawUpstream big(AtomicLong sent) throws IOException {
        return new RawUpstream((req, out, s) -> {
            if (!req.requestLine().startsWith("GET /big")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            for (long left = SIZE; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
                sent.addAndGet(Math.min(chunk.length, left));
            }
            out.flush();
        });
    }

    @Test
    void aStalledReaderStallsTheUpstreamAndNobodyElse() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (RawUpstream up = big(sent);
             Heddle h = Heddle.proxyTo(up.dial());
             Socket slow = new Socket()) {
            slow.setReceiveBufferSize(64 * 1024);
            slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.port()));
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = slow.getInputStream();
            long read = in.readNBytes(1024 * 1024).length;

            // Stops reading: the upstream's progress must come to a halt well short of the body.
            long[] last = {-1};
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).until(() -> {
                long now = sent.get();
                boolean still = now == last[0];
                last[0] = now;
                return still;
            });
            long stalledAt = sent.get();
            assertTrue(stalledAt < 48L * 1024 * 1024, "the upstream got " + stalledAt + " bytes out to a stalled client");

            long start = System.nanoTime();
            RawClient.Response other = RawClient.exchange(h.port(), "GET /other HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            long otherMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals("ok", other.bodyText());
            assertTrue(otherMs < 1000, "another client waited " + otherMs + " ms");

            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                read += n;
            }
            // The head was part of the first megabyte read.
            assertTrue(read > SIZE && read < SIZE + 200, "read " + read + " bytes");
            assertEquals(SIZE, sent.get());
        }
    }
}
