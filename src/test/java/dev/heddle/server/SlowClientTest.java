package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slowloris: read_header_timeout cuts a client that dribbles its head; dribblers do not delay others. */
class SlowClientTest {
    private static String config(String timeout) {
        return """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "read_header_timeout": "%s",
                  "routes": [{"handle": [{"handler": "static_response", "body": "ok"}]}]}}}}}""".formatted(timeout);
    }

    /** Sends a request line, then one header byte per interval until the connection breaks. */
    private static Thread dribble(int port, long intervalMillis, AtomicBoolean stop, List<Long> closedAfter) {
        return dribble(port, intervalMillis, stop, closedAfter, new java.util.concurrent.CountDownLatch(1));
    }

    private static Thread dribble(int port, long intervalMillis, AtomicBoolean stop, List<Long> closedAfter,
                                  java.util.concurrent.CountDownLatch started) {
        return Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                OutputStream out = s.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                started.countDown();
                InputStream in = s.getInputStream();
                s.setSoTimeout(1);
                do {  // one more byte after stop: a cut that came meanwhile is still seen
                    Thread.sleep(intervalMillis);  // the dribble IS the behaviour under test
                    out.write('a');
                    out.flush();
                    if (answeredOrClosed(in)) {
                        throw new java.io.EOFException("the server answered or closed");
                    }
                } while (!stop.get());
            } catch (IOException e) {
                synchronized (closedAfter) {
                    closedAfter.add((System.nanoTime() - start) / 1_000_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Nothing comes back to a dribbler until its head is cut: any byte (a 408, say) or EOF is the cut. */
    private static boolean answeredOrClosed(InputStream in) throws IOException {
        try {
            in.read();
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    @Test
    void headerDribbleIsCutAfterReadHeaderTimeout() throws Exception {
        try (Heddle h = Heddle.start(config("500ms"))) {
            List<Long> closedAfter = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread t = dribble(h.port(), 50, stop, closedAfter);
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                synchronized (closedAfter) {
                    return !closedAfter.isEmpty();
                }
            });
            stop.set(true);
            t.join(2000);
            long ms = closedAfter.get(0);
            assertTrue(ms >= 400 && ms < 3000, "closed after " + ms + " ms");
        }
    }

    @Test
    void fiveHundredDribblersDoNotDelayANormalRequest() throws Exception {
        try (Heddle h = Heddle.start(config("30s"))) {
            AtomicBoolean stop = new AtomicBoolean();
            List<Long> closed = new ArrayList<>();
            List<Thread> dribblers = new ArrayList<>();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(500);
            for (int i = 0; i < 500; i++) {
                dribblers.add(dribble(h.port(), 1000, stop, closed, started));
            }
            try {
                assertTrue(started.await(20, java.util.concurrent.TimeUnit.SECONDS), "500 slow clients connected");
                long start = System.nanoTime();
                RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                long latencyMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals("ok", r.bodyText());
                assertTrue(latencyMs < 1000, "a normal request took " + latencyMs + " ms beside 500 slow clients");
            } finally {
                stop.set(true);
                for (Thread t : dribblers) {
                    t.join(3000);
                }
            }
            synchronized (closed) {
                assertEquals(List.of(), closed, "slow clients cut (ms after connecting) while they should all be held");
            }
        }
    }
}
