package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * response_buffers: a body that fits is read whole before the client sees a byte and goes out
 * with a Content-Length; a longer one streams on after the read-ahead, intact; and a buffered
 * body frees its upstream while the client has not read anything.
 */
class ResponseBuffersTest {
    private static String proxy(RawUpstream up, long buffers) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"response_buffers\":" + buffers
                + ",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]";
    }

    /** A chunked body of {@code size} bytes ('a' to 'z' over and over), in 100-byte chunks. */
    private static RawUpstream chunked(int size) throws IOException {
        return new RawUpstream((req, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int off = 0; off < size; off += 100) {
                int n = Math.min(100, size - off);
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < n; i++) {
                    chunk.append((char) ('a' + (off + i) % 26));
                }
                out.write((Integer.toHexString(n) + "\r\n" + chunk + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    private static String expected(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.toString();
    }

    private static RawClient.Response get(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aBodyThatFitsGoesOutWithItsLength() throws Exception {
        try (RawUpstream up = chunked(5000); Heddle h = Heddle.withRoutes(proxy(up, -1))) {
            RawClient.Response r = get(h);
            assertEquals("5000", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
            assertEquals(expected(5000), r.bodyText());
        }
    }

    @Test
    void aLongerBodyStreamsOnIntactAfterTheReadAhead() throws Exception {
        try (RawUpstream up = chunked(5000); Heddle h = Heddle.withRoutes(proxy(up, 1000))) {
            RawClient.Response r = get(h);
            assertNull(r.header("Content-Length"));
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertEquals(expected(5000), r.bodyText());
        }
    }

    @Test
    void aBufferedBodyFreesTheUpstreamBeforeTheClientReads() throws Exception {
        int size = 32 << 20;
        AtomicLong sent = new AtomicLong();
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 byte[] chunk = new byte[64 * 1024];
                 for (int off = 0; off < size; off += chunk.length) {
                     out.write(chunk);
                     sent.addAndGet(chunk.length);
                 }
                 out.flush();
             });
             Heddle h = Heddle.withRoutes(proxy(up, -1));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            // The client reads nothing, yet the upstream gets its whole body out.
            await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() == size);
            InputStream in = client.getInputStream();
            RawClient.Response r = RawClient.read(in, false);
            assertEquals(String.valueOf(size), r.header("Content-Length"));
            assertEquals(size, r.body().length);
        }
    }
}
