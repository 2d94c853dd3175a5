package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transport's socket-level fields: local_address, keep_alive.probe_interval,
 * read/write_buffer_size, write_timeout and keep_alive.max_idle_conns, each over real sockets.
 */
class SocketOptionsTest {
    private static String proxy(String dials, String transport) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[" + dials + "],"
                + "\"load_balancing\":{\"selection_policy\":{\"policy\":\"round_robin\"}},"
                + "\"transport\":{\"protocol\":\"http\"," + transport + "}}]}]";
    }

    private static String dial(RawUpstream up) {
        return "{\"dial\":\"" + up.dial() + "\"}";
    }

    private static RawClient.Response get(Heddle h, String path) throws IOException {
        return RawClient.exchange(h.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void localAddressIsTheSourceTheUpstreamSees() throws Exception {
        List<InetAddress> peers = new CopyOnWriteArrayList<>();
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 peers.add(s.getInetAddress());
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
             });
             Heddle h = Heddle.withRoutes(proxy(dial(up), "\"local_address\":\"127.0.0.2\""))) {
            assertEquals("ok", get(h, "/").bodyText());
            assertEquals(InetAddress.getByName("127.0.0.2"), peers.get(0));
        }
    }

    @Test
    void probeIntervalSetsTcpKeepAlive() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String dial = "127.0.0.1:" + server.getLocalPort();
            TransportSettings d = TransportSettings.defaults();
            TransportSettings settings = new TransportSettings(d.dialTimeout(), d.responseHeaderTimeout(), d.readTimeout(),
                    d.idleTimeout(), d.maxIdlePerHost(), d.expectContinueTimeout(), d.maxResponseHeaderSize(),
                    d.maxConnsPerHost(), null, 0, new SocketOptions(null, Duration.ofSeconds(7), 1024, 1024, Duration.ZERO, "", Duration.ofMillis(300), null));
            Http1Connection c = Http1Connection.open(dial, settings, null);
            try {
                assertEquals(true, c.socketOption(java.net.StandardSocketOptions.SO_KEEPALIVE));
                assertEquals(7, c.socketOption(ExtendedSocketOptions.TCP_KEEPINTERVAL));
                assertEquals(15, c.socketOption(ExtendedSocketOptions.TCP_KEEPIDLE));
            } finally {
                c.close();
            }
        }
    }

    @Test
    void smallBuffersStillCarryLongHeadsAndBodies() throws Exception {
        String longValue = "v".repeat(3000);
        byte[] body = new byte[100_000];
        java.util.Arrays.fill(body, (byte) 'b');
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write(("HTTP/1.1 200 OK\r\nX-Long: " + longValue + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                         .getBytes(StandardCharsets.US_ASCII));
                 out.write(body);
                 out.flush();
             });
             Heddle h = Heddle.withRoutes(proxy(dial(up), "\"read_buffer_size\":512,\"write_buffer_size\":512"))) {
            RawClient.Response r = RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                    + "Connection: close\r\n\r\n" + "p".repeat(5000));
            assertEquals(longValue, r.header("X-Long"));
            assertEquals(body.length, r.body().length);
            assertEquals(5000, up.takeRequest().body().length);
        }
    }

    @Test
    void theReadBufferGrowsForLongHeadsAndManySmallChunks() throws Exception {
        // The default buffer starts at 1 KiB and grows when a read fills it: a 5.6 KiB head and
        // 300 chunks sent in one write cross every size it passes through.
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
        for (int i = 0; i < 8; i++) {
            head.append("X-Field-").append(i).append(": ").append(String.valueOf((char) ('a' + i)).repeat(700)).append("\r\n");
        }
        StringBuilder chunked = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            String piece = "chunk %03d of the body, 37 bytes..\n".formatted(i);
            chunked.append(Integer.toHexString(piece.length())).append("\r\n").append(piece).append("\r\n");
            expected.append(piece);
        }
        byte[] response = (head + "\r\n" + chunked + "0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write(response);
                 out.flush();
             });
             Heddle h = Heddle.withRoutes(proxy(dial(up), "\"dial_timeout\":\"5s\""))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            for (int i = 0; i < 8; i++) {
                assertEquals(String.valueOf((char) ('a' + i)).repeat(700), r.header("X-Field-" + i));
            }
            assertEquals(expected.toString(), new String(r.body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void writeTimeoutCutsAnUpstreamThatStopsReading() throws Exception {
        try (RawUpstream up = new RawUpstream(s -> {
                 s.setReceiveBufferSize(4096);
                 // Never reads: the proxy's writes fill the socket buffers and block.
                 s.getInputStream().readNBytes(0);
                 await().atMost(Duration.ofSeconds(20)).until(s::isClosed);
             });
             Heddle h = Heddle.withRoutes(proxy(dial(up), "\"write_timeout\":\"500ms\""))) {
            long start = System.nanoTime();
            int bodySize = 32 << 20;
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                client.setSoTimeout(15_000);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        client.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + bodySize
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        byte[] chunk = new byte[64 * 1024];
                        for (int sent = 0; sent < bodySize; sent += chunk.length) {
                            client.getOutputStream().write(chunk);
                        }
                    } catch (IOException e) {
                        // the proxy gave up on the body: expected
                    }
                });
                RawClient.Response r = RawClient.read(client.getInputStream(), false);
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(504, r.status());
                assertTrue(ms < 5000, "answered after " + ms + " ms");
                writer.interrupt();
            }
        }
    }

    @Test
    void maxIdleConnsBoundsIdleConnectionsAcrossUpstreams() throws Exception {
        try (RawUpstream a = RawUpstream.ok("a");
             RawUpstream b = RawUpstream.ok("b");
             Heddle h = Heddle.withRoutes(proxy(dial(a) + "," + dial(b), "\"keep_alive\":{\"max_idle_conns\":1}"))) {
            for (int i = 0; i < 10; i++) {
                get(h, "/");
            }
            // One idle slot in all: whichever upstream went second found it taken each time.
            assertEquals(1, Math.min(a.connectionsAccepted(), b.connectionsAccepted()), "a=" + a.connectionsAccepted()
                    + " b=" + b.connectionsAccepted());
            assertEquals(5, Math.max(a.connectionsAccepted(), b.connectionsAccepted()));
        }
    }

    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await();
    }
}
