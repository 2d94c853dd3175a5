package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server's read_timeout (request line to end of body) and write_timeout (end of headers to
 * end of response), as Go keeps them: each cuts the connection when it expires, neither
 * outlives its request on a keep-alive connection, and read_timeout ends with the body.
 */
class ClientTimeoutsTest {
    private static String config(String timeouts, String dial) {
        return """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], %s,
                  "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                .formatted(timeouts, dial);
    }

    /** Streams three chunks 400 ms apart (the pacing IS the behaviour: a slow upstream). */
    private static RawUpstream slowChunks() throws IOException {
        return new RawUpstream((req, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                for (int i = 0; i < 3; i++) {
                    Thread.sleep(400);  // the pacing IS the behaviour: a slow upstream
                    out.write("5\r\nchunk\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        });
    }

    /** Reads until EOF or reset; returns the milliseconds it took and what arrived. */
    private record Drained(long millis, String text) {
    }

    private static Drained drain(InputStream in) {
        long start = System.nanoTime();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
            }
        } catch (IOException e) {
            // a reset is a cut connection too
        }
        return new Drained((System.nanoTime() - start) / 1_000_000, got.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void readTimeoutCutsABodyThatStopsHalfway() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.start(config("\"read_timeout\": \"500ms\"", up.dial()));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Drained d = drain(s.getInputStream());
            assertTrue(d.millis() >= 300 && d.millis() < 3000, "cut after " + d.millis() + " ms");
            assertFalse(d.text().startsWith("HTTP/1.1 200"), d.text());
            // The body streams: the upstream got the head and ten bytes. Only once it has seen the
            // proxy end that connection (or a whole request arrived) is the count settled.
            await("the upstream saw its one connection end").atMost(Duration.ofSeconds(5))
                    .until(() -> up.requestCount() > 0 || up.connectionsAccepted() == 1 && up.connectionsClosedByProxy() == 1);
            assertEquals(0, up.requestCount(), "the upstream never got a whole request");
        }
    }

    @Test
    void readTimeoutEndsWithTheBodySoASlowDownloadCompletes() throws Exception {
        try (RawUpstream up = slowChunks();
             Heddle h = Heddle.start(config("\"read_timeout\": \"500ms\"", up.dial()))) {
            RawClient.Response r = RawClient.exchange(h.port(),
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
            assertEquals(200, r.status());
            assertEquals("chunkchunkchunk", r.bodyText());
        }
    }

    /** A request without a body is read once its head is: read_timeout never cuts its (slow) response. */
    @Test
    void readTimeoutNeverCutsTheResponseToABodylessRequest() throws Exception {
        try (RawUpstream up = slowChunks();
             Heddle h = Heddle.start(config("\"read_timeout\": \"500ms\"", up.dial()))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals("chunkchunkchunk", r.bodyText());
        }
    }

    @Test
    void writeTimeoutCutsAResponseThatTakesLonger() throws Exception {
        try (RawUpstream up = slowChunks();
             Heddle h = Heddle.start(config("\"write_timeout\": \"500ms\"", up.dial()));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            Drained d = drain(s.getInputStream());
            assertTrue(d.millis() >= 300 && d.millis() < 1100, "cut after " + d.millis() + " ms");
            assertTrue(d.text().startsWith("HTTP/1.1 200"), d.text());
            assertFalse(d.text().endsWith("0\r\n\r\n"), "the response must not look complete: " + d.text());
        }
    }

    @Test
    void deadlinesDoNotOutliveTheirRequestOnAKeepAliveConnection() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.start(config("\"read_timeout\": \"400ms\", \"write_timeout\": \"400ms\"", up.dial()));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            for (int i = 0; i < 3; i++) {
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                assertEquals("ok", RawClient.read(s.getInputStream(), false).bodyText());
                Thread.sleep(600);  // idle longer than both timeouts: the pause IS the behaviour
            }
        }
    }

    /** idle_timeout closes a keep-alive connection that waits for its next request too long, and only then. */
    @Test
    void idleTimeoutClosesAnIdleKeepAliveConnection() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.start(config("\"idle_timeout\": \"400ms\"", up.dial()));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, RawClient.read(s.getInputStream(), false).status());
            Drained d = drain(s.getInputStream());
            assertEquals("", d.text());
            assertTrue(d.millis() >= 300 && d.millis() < 3000, "closed after " + d.millis() + " ms of idleness");
        }
    }

    /** read_header_timeout: a head that never ends is cut (slowloris), without a response. */
    @Test
    void readHeaderTimeoutCutsAHeadThatNeverEnds() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.start(config("\"read_header_timeout\": \"400ms\"", up.dial()));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            Drained d = drain(s.getInputStream());
            assertTrue(d.millis() >= 300 && d.millis() < 3000, "cut after " + d.millis() + " ms");
            assertEquals(0, up.requestCount());
        }
    }
}
