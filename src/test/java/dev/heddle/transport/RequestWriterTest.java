package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the http transport writes upstream, and when it may send a request again, judged at a
 * raw upstream (rows found by mutation testing of RequestWriter, issue 20).
 */
class RequestWriterTest {
    private static final byte[] GOOD = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

    private static Heddle proxy(String dial, String transport) throws Exception {
        return Heddle.start("""
                {"apps": {"http": {"grace_period": "1s", "servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}], "transport": %s}]}]}}}}}"""
                .formatted(dial, transport));
    }

    /** A request head (through its blank line), or null when the connection ended first. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.toString();
            }
        }
        return null;
    }

    private static String firstLine(String head) {
        return head.substring(0, head.indexOf("\r\n"));
    }

    /**
     * A pooled connection that dies before any byte of the answer: a GET (no body read) is sent
     * again on a fresh connection; a POST whose body was already taken from the client is not
     * (it would go out without its body), and the client gets 502.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n                           | 200 | GET /again, GET /again",
        "POST / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 4\\r\\nConnection: close\\r\\n\\r\\ndata | 502 | POST /again",
    })
    void aDeadPooledConnectionIsRetriedOnlyWhenNoBodyWasTaken(String request, int status, String again) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (RawUpstream up = new RawUpstream((Socket s) -> {
                 InputStream in = s.getInputStream();
                 OutputStream out = s.getOutputStream();
                 for (String h; (h = head(in)) != null; ) {
                     seen.add(firstLine(h).replace(" HTTP/1.1", ""));
                     int length = h.contains("Content-Length: 4") ? 4 : 0;
                     in.readNBytes(length);
                     if (h.startsWith("GET /warm ") || seen.size() > 2) {
                         out.write(GOOD);
                         out.flush();
                     } else {
                         return;  // the pooled connection dies without an answer
                     }
                 }
             });
             Heddle h = proxy(up.dial(), "{\"protocol\": \"http\"}")) {
            assertEquals("ok", RawClient.exchange(h.port(), "GET /warm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            String sent = request.replace("\\r\\n", "\r\n").replaceFirst(" / ", " /again ");
            RawClient.Response r = RawClient.exchange(h.port(), sent);
            assertEquals(status, r.status(), r.bodyText());
            assertEquals(List.of(("GET /warm, " + again).split(", ")), seen);
            assertEquals(status == 200 ? 2 : 1, up.connectionsAccepted());
        }
    }

    /** No Expect: 100-continue, no wait for a 100: the body follows the head at once, even with a long expect_continue_timeout. */
    @Test
    void withoutExpectTheBodyIsSentAtOnce() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(GOOD));
             Heddle h = proxy(up.dial(), "{\"protocol\": \"http\", \"expect_continue_timeout\": \"10s\"}")) {
            long start = System.nanoTime();
            RawClient.Response r = RawClient.exchange(h.port(),
                    "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndata");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, r.status());
            assertTrue(ms < 5_000, "answered after " + ms + " ms");
            assertEquals("data", new String(up.takeRequest().body(), StandardCharsets.US_ASCII));
            // Bodyless requests do not wait for a 100 either: each answer leaves the connection pooled.
            for (int i = 0; i < 2; i++) {
                assertEquals(200, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
            }
            assertEquals(1, up.connectionsAccepted(), "one connection for the POST and both GETs");
        }
    }

    /**
     * An empty chunked body held whole by request_buffers goes upstream as Content-Length: 0 and
     * nothing else: no chunked framing, no stray bytes before the next request on the connection.
     */
    @Test
    void anEmptyBufferedBodyIsContentLengthZeroAndNothingMore() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(GOOD));
             Heddle h = Heddle.start("""
                     {"apps": {"http": {"grace_period": "1s", "servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                       {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}], "request_buffers": 1024}]}]}}}}}"""
                     .formatted(up.dial()))) {
            assertEquals("ok", RawClient.exchange(h.port(),
                    "POST /empty HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n").bodyText());
            RawUpstream.Request post = up.takeRequest();
            assertEquals("0", post.header("Content-Length"));
            assertEquals(null, post.header("Transfer-Encoding"));
            assertEquals("ok", RawClient.exchange(h.port(), "GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals("GET /next HTTP/1.1", up.takeRequest().requestLine());
            String wire = up.wire();
            assertTrue(wire.indexOf("\r\n\r\nGET /next ") > 0, "the GET follows the POST's head directly: " + wire);
            assertEquals(1, up.connectionsAccepted());
        }
    }

    /** A chunked request body streams: each chunk the client sends reaches the upstream before the next is sent. */
    @Test
    void aChunkedBodyIsForwardedChunkByChunk() throws Exception {
        AtomicBoolean firstArrived = new AtomicBoolean();
        try (RawUpstream up = new RawUpstream((Socket s) -> {
                 InputStream in = s.getInputStream();
                 head(in);
                 StringBuilder body = new StringBuilder();
                 for (int c; (c = in.read()) >= 0; ) {
                     body.append((char) c);
                     if (body.toString().contains("hello\r\n")) {
                         firstArrived.set(true);
                     }
                     if (body.toString().endsWith("0\r\n\r\n")) {
                         s.getOutputStream().write(GOOD);
                         return;
                     }
                 }
             });
             Heddle h = proxy(up.dial(), "{\"protocol\": \"http\"}");
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(5)).untilTrue(firstArrived);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("ok", RawClient.read(client.getInputStream(), false).bodyText());
        }
    }

    /**
     * keep_alive disabled: every request says Connection: close (as Go's DisableKeepAlives), except
     * an upgrade, whose Connection: Upgrade stays the only one.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n                                      | close",
        "GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: Upgrade\\r\\nUpgrade: websocket\\r\\n\\r\\n              | Upgrade",
    })
    void withoutKeepAliveEveryRequestSaysCloseButAnUpgrade(String request, String connection) throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write((req.header("Upgrade") != null
                         ? "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n"
                         : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 s.close();
             });
             Heddle h = proxy(up.dial(), "{\"protocol\": \"http\", \"keep_alive\": {\"enabled\": false}}");
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(request.replace("\\r\\n", "\r\n").getBytes(StandardCharsets.US_ASCII));
            RawUpstream.Request got = up.takeRequest();
            List<String> values = got.headers().stream().filter(f -> f[0].equalsIgnoreCase("Connection")).map(f -> f[1]).toList();
            assertEquals(List.of(connection), values);
            assertFalse(RawClient.readUntilClosed(client.getInputStream()).isEmpty());
        }
    }
}
