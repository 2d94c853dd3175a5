package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The http transport's own timeouts over real sockets (issue 20): {@code read_timeout} on a
 * response body that stalls, {@code expect_continue_timeout} expiring, and {@code dial_timeout}.
 */
class TransportTimeoutsTest {
    private static String proxy(String dial, String transport) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + dial + "\"}],"
                + "\"transport\":{\"protocol\":\"http\"," + transport + "}}]}]";
    }

    /** With a grace period, so that a test failing with a request still stuck does not wait for it at close. */
    private static Heddle start(String dial, String transport) throws Exception {
        return Heddle.start("""
                {"apps": {"http": {"grace_period": "1s", "servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s}}}}}
                """.formatted(proxy(dial, transport)));
    }

    @Test
    void readTimeoutCutsAResponseBodyThatStallsHalfway() throws Exception {
        // Half the declared body, then silence with the connection open: only read_timeout ends it.
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 s.getInputStream().read();  // held until the proxy closes the connection
             });
             Heddle h = start(up.dial(), "\"read_timeout\":\"300ms\"");
             Socket c = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            c.setSoTimeout(10_000);
            long start = System.nanoTime();
            c.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String got = RawClient.readUntilClosed(c.getInputStream());
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n") && got.contains("Content-Length: 10\r\n"), got);
            assertTrue(got.endsWith("\r\n\r\nhello<EOF>") || got.endsWith("\r\n\r\nhello<RESET>"),
                    "the head and the five bytes that came, then cut: " + got);
            assertTrue(ms >= 250 && ms < 5000, "cut after " + ms + " ms");
            await().until(() -> up.connectionsClosedByProxy() == 1);  // the stalled upstream connection is not kept
        }
    }

    @Test
    void expectContinueTimeoutSendsTheBodyWhenTheUpstreamNeverAnswers100() throws Exception {
        AtomicLong headAt = new AtomicLong();
        AtomicLong bodyAt = new AtomicLong();
        AtomicReference<String> head = new AtomicReference<>();
        try (RawUpstream up = new RawUpstream(s -> {
                 InputStream in = s.getInputStream();
                 head.set(InformationalAndFlushTest.RawUpstreamHead.read(in));
                 headAt.set(System.nanoTime());
                 byte[] body = in.readNBytes(5);  // never a 100 Continue: the proxy must send the body anyway
                 bodyAt.set(System.nanoTime());
                 s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n"
                         + new String(body, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                 s.getOutputStream().flush();
             });
             Heddle h = start(up.dial(), "\"expect_continue_timeout\":\"400ms\",\"response_header_timeout\":\"5s\"");
             Socket c = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            c.setSoTimeout(10_000);
            OutputStream out = c.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = c.getInputStream();
            // Heddle asks its client for the body (its one 100 Continue) once it sends the body upstream.
            RawClient.Response cont = RawClient.read(in, true);
            assertEquals(100, cont.status());
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            RawClient.Response r = RawClient.read(in, false);
            assertEquals(200, r.status());
            assertEquals("hello", r.bodyText(), "the body reached the upstream");
            assertTrue(head.get().toLowerCase().contains("expect: 100-continue"), "the upstream was asked: " + head.get());
            long waitedMs = (bodyAt.get() - headAt.get()) / 1_000_000;
            assertTrue(waitedMs >= 300 && waitedMs < 4000, "the body came " + waitedMs + " ms after the head");
        }
    }

    /**
     * A real dial timeout on loopback: a listener that never accepts, with its accept queue full,
     * makes Linux drop further SYNs, so a connect neither succeeds nor is refused.
     */
    @Test
    void aDialTimeoutIs504() throws Exception {
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket()) {
            full.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            try {
                while (queued.size() < 64) {
                    Socket s = new Socket();
                    queued.add(s);
                    s.connect(full.getLocalSocketAddress(), 300);
                }
            } catch (SocketTimeoutException filled) {
                // the queue is full: SYNs are dropped from now on
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(queued.size() < 64, "this kernel does not drop SYNs to a full accept queue");
            try (Heddle h = start("127.0.0.1:" + full.getLocalPort(), "\"dial_timeout\":\"500ms\"")) {
                long start = System.nanoTime();
                RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(504, r.status());
                assertTrue(ms >= 400 && ms < 5000, "answered after " + ms + " ms");
            }
        } finally {
            for (Socket s : queued) {
                s.close();
            }
        }
    }
}
