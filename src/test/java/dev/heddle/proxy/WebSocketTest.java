package dev.heddle.proxy;

import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import dev.heddle.testing.WebSocketEchoUpstream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WebSockets and other upgraded streams through the proxy, with a WebSocket echo upstream. */
class WebSocketTest {
    private static String proxyTo(String dial, String extra) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + dial + "\"}]" + extra + "}]}]";
    }

    /** Collects whole messages (the JDK client hands large ones over in parts), pongs and the close. */
    static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.writeBytes(data.toString().getBytes(StandardCharsets.UTF_8));
            if (last) {
                messages.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            pongs.add(message);
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static WebSocket connect(HttpClient client, int port, Collector c) {
        return client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), c).join();
    }

    @Test
    void tenThousandMessagesOfMixedSizesBothWaysPingPongAndClose() throws Exception {
        try (WebSocketEchoUpstream echo = new WebSocketEchoUpstream();
             Heddle h = Heddle.withRoutes(proxyTo(echo.dial(), ""))) {
            HttpClient client = HttpClient.newHttpClient();
            Collector c = new Collector();
            WebSocket ws = connect(client, h.port(), c);
            Random random = new Random(1);
            for (int i = 0; i < 10_000; i++) {
                int size = i % 500 == 0 ? 1 << 20 : i % 50 == 0 ? 64 * 1024 : 1 + random.nextInt(2048);
                byte[] message = new byte[size];
                random.nextBytes(message);
                ws.sendBinary(ByteBuffer.wrap(message), true).join();
                byte[] back = c.messages.poll(10, TimeUnit.SECONDS);
                assertNotNull(back, "echo of message " + i);
                assertArrayEquals(message, back, "message " + i + " (" + size + " bytes)");
            }
            ws.sendText("text too", true).join();
            assertEquals("text too", new String(c.messages.poll(10, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
            ByteBuffer pong = c.pongs.poll(10, TimeUnit.SECONDS);
            assertNotNull(pong);
            assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), pong);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            assertEquals(1000, c.closed.get(10, TimeUnit.SECONDS));
            assertEquals(1000, echo.closeCodes().get(0));
        }
    }

    @Test
    void customProtocolUpgradeEchoesBytesIncludingThoseSentEarly() throws Exception {
        try (RawUpstream upstream = new RawUpstream(s -> {
                 InputStream in = s.getInputStream();
                 StringBuilder head = new StringBuilder();
                 while (!head.toString().endsWith("\r\n\r\n")) {
                     head.append((char) in.read());
                 }
                 assertTrue(head.toString().contains("Upgrade: my-proto\r\n"), head.toString());
                 assertTrue(head.toString().contains("Connection: Upgrade\r\n"), head.toString());
                 OutputStream out = s.getOutputStream();
                 out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: my-proto\r\nConnection: Upgrade\r\n\r\n"
                         .getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 in.transferTo(out);
             });
             Heddle h = Heddle.withRoutes(proxyTo(upstream.dial(), ""));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            // Head and the first protocol bytes in one write: the early bytes must not be lost.
            s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: My-Proto\r\n\r\nearly "
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            RawClient.Response head = RawClient.read(in, true);
            upstream.assertNoErrors();  // the upstream's checks of the forwarded head, with their own message
            assertEquals(101, head.status());
            assertEquals("my-proto", head.header("Upgrade"));
            assertEquals("early ", new String(in.readNBytes(6), StandardCharsets.US_ASCII));
            s.getOutputStream().write("later".getBytes(StandardCharsets.US_ASCII));
            assertEquals("later", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            s.shutdownOutput();
            assertEquals(-1, in.read(), "the client's EOF ends the stream");
        }
    }

    /**
     * stream_buffer_size: with the smallest allowed buffer, and with one the copy loop grows to
     * from its 2 KiB start (2 → 4 → 5000 bytes), 1 MiB of random bytes goes through an echoing
     * upgraded stream both ways at once, byte for byte.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "stream_buffer_size {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1024, 5000})
    void aSmallStreamBufferStillCopiesEveryByteBothWays(int bufferSize) throws Exception {
        byte[] sent = new byte[1 << 20];
        new Random(bufferSize).nextBytes(sent);
        try (RawUpstream upstream = new RawUpstream(s -> {
                 InformationalAndFlushTest.RawUpstreamHead.read(s.getInputStream());
                 s.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: my-proto\r\nConnection: Upgrade\r\n\r\n"
                         .getBytes(StandardCharsets.US_ASCII));
                 s.getOutputStream().flush();
                 s.getInputStream().transferTo(s.getOutputStream());  // echo, while the client still sends
             });
             Heddle h = Heddle.withRoutes(proxyTo(upstream.dial(), ",\"stream_buffer_size\":" + bufferSize));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: my-proto\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(101, RawClient.read(in, true).status());
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    Random sizes = new Random(1);
                    for (int off = 0; off < sent.length; ) {
                        int n = Math.min(sent.length - off, 1 + sizes.nextInt(9000));  // writes smaller and larger than the buffer
                        s.getOutputStream().write(sent, off, n);
                        off += n;
                    }
                } catch (java.io.IOException e) {
                    // the reader's comparison fails
                }
            });
            byte[] got = in.readNBytes(sent.length);
            writer.join(10_000);
            assertEquals(sent.length, got.length);
            assertArrayEquals(sent, got, "the echoed bytes differ");
        }
    }

    @Test
    void refusedUpgradeIsANormalResponse() throws Exception {
        try (RawUpstream upstream = new RawUpstream((req, out, s) -> out.write(
                     "HTTP/1.1 403 Forbidden\r\nContent-Length: 4\r\n\r\nnope".getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes(proxyTo(upstream.dial(), ""))) {
            RawClient.Response r = RawClient.exchange(h.port(),
                    "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n");
            assertEquals(403, r.status());
            assertEquals("nope", r.bodyText());
            assertEquals(400, RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n"
                    + "Upgrade: websocket\r\nContent-Length: 2\r\n\r\nhi").status(), "an Upgrade request with a body is refused");
        }
    }

    @Test
    void streamTimeoutClosesTheStream() throws Exception {
        try (WebSocketEchoUpstream echo = new WebSocketEchoUpstream();
             Heddle h = Heddle.withRoutes(proxyTo(echo.dial(), ",\"stream_timeout\":\"300ms\""))) {
            Collector c = new Collector();
            WebSocket ws = connect(HttpClient.newHttpClient(), h.port(), c);
            ws.sendText("hi", true).join();
            assertEquals("hi", new String(c.messages.poll(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).until(() -> c.closed.isDone() || ws.isInputClosed());
            await().atMost(Duration.ofSeconds(5)).until(() -> echo.openConnections() == 0);
        }
    }

    @Test
    void reloadSendsGoingAwayAfterStreamCloseDelay() throws Exception {
        try (WebSocketEchoUpstream echo = new WebSocketEchoUpstream()) {
            String json = """
                    {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s}}}}}"""
                    .formatted(proxyTo(echo.dial(), ",\"stream_close_delay\":\"400ms\""));
            try (Heddle h = Heddle.start(json)) {
                Collector c = new Collector();
                WebSocket ws = connect(HttpClient.newHttpClient(), h.port(), c);
                long reloadedAt = System.nanoTime();
                h.app().reload(ConfigLoader.parse(json.replace("400ms", "401ms")), false);
                ws.sendText("still here", true).join();
                assertEquals("still here", new String(c.messages.poll(5, TimeUnit.SECONDS), StandardCharsets.UTF_8),
                        "the stream survives the reload for stream_close_delay");
                assertEquals(1001, c.closed.get(5, TimeUnit.SECONDS), "then gets Close 1001 (going away)");
                assertTrue(System.nanoTime() - reloadedAt >= TimeUnit.MILLISECONDS.toNanos(380), "not before the delay");
                await().atMost(Duration.ofSeconds(5)).until(() -> echo.closeCodes().contains(1001));
            }
        }
    }

    @Test
    void upstreamResetMidStreamClosesTheClientPromptly() throws Exception {
        try (RawUpstream upstream = new RawUpstream(s -> {
                 InputStream in = s.getInputStream();
                 StringBuilder head = new StringBuilder();
                 while (!head.toString().endsWith("\r\n\r\n")) {
                     head.append((char) in.read());
                 }
                 s.getOutputStream().write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: my-proto\r\nConnection: Upgrade\r\n\r\nhello"
                         .getBytes(StandardCharsets.US_ASCII));
                 s.getOutputStream().flush();
                 in.read();
                 s.setSoLinger(true, 0);  // RST
             });
             Heddle h = Heddle.withRoutes(proxyTo(upstream.dial(), ""));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\nUpgrade: my-proto\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(101, RawClient.read(in, true).status());
            assertEquals("hello", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            s.getOutputStream().write('x');
            long start = System.nanoTime();
            int end;
            try {
                end = in.read();
            } catch (java.net.SocketException e) {
                end = -1;
            }
            assertEquals(-1, end, "the client connection is closed");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "promptly");
        }
    }

    /** Toxiproxy's reset_peer on the upstream link mid-stream: the client side closes promptly. */
    @Test
    void toxiproxyResetPeerMidStreamClosesTheClient() throws Exception {
        try (WebSocketEchoUpstream echo = new WebSocketEchoUpstream()) {
            eu.rekawek.toxiproxy.Proxy link = dev.heddle.toxiproxy.Toxiproxy.client()
                    .createProxy("ws-reset", "127.0.0.1:0", echo.dial());
            try (Heddle h = Heddle.withRoutes(proxyTo(link.getListen(), ""))) {
                Collector c = new Collector();
                WebSocket ws = connect(HttpClient.newHttpClient(), h.port(), c);
                ws.sendText("before", true).join();
                assertEquals("before", new String(c.messages.poll(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
                link.toxics().resetPeer("rst", eu.rekawek.toxiproxy.model.ToxicDirection.DOWNSTREAM, 0);
                long start = System.nanoTime();
                ws.sendText("after", true);
                await().atMost(Duration.ofSeconds(3)).until(() -> c.closed.isDone() || ws.isInputClosed());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3), "promptly");
            } finally {
                link.delete();
            }
        }
    }

    static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 'x');
        return b;
    }
}
