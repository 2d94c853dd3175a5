package dev.heddle.proxy;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 1xx forwarding, Expect: 100-continue, flushing, connection limits and head limits, over raw sockets. */
class InformationalAndFlushTest {
    private static String proxy(RawUpstream up, String transport, String extra) {
        return "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]"
                + (transport.isEmpty() ? "" : ",\"transport\":{\"protocol\":\"http\"," + transport + "}") + extra + "}]}]";
    }

    private static String line(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString().trim();
    }

    @Test
    void earlyHintsReachTheClientBeforeTheResponse() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                     + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes(proxy(up, "", ""));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            RawClient.Response hints = RawClient.read(in, true);
            assertEquals(103, hints.status());
            assertEquals("</style.css>; rel=preload", hints.header("Link"));
            RawClient.Response last = RawClient.read(in, false);
            assertEquals(200, last.status());
            assertEquals("ok", last.bodyText());
        }
    }

    @Test
    void exactlyOneContinueReachesTheClient() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n"
                     + "Content-Length: " + req.body().length + "\r\n\r\n" + new String(req.body(), StandardCharsets.US_ASCII))
                     .getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes(proxy(up, "", ""));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals("HTTP/1.1 100 Continue", line(in));
            assertEquals("", line(in));
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            RawClient.Response r = RawClient.read(in, false);
            assertEquals(200, r.status(), "no second 100 Continue before the final response");
            assertEquals("hello", r.bodyText());
        }
    }

    @Test
    void upstreamRefusingBeforeTheBodyClosesTheClientConnection() throws Exception {
        try (RawUpstream up = new RawUpstream(s -> {
                 RawUpstreamHead.read(s.getInputStream());
                 s.getOutputStream().write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 6\r\n\r\nlog in".getBytes(StandardCharsets.US_ASCII));
                 s.getOutputStream().flush();
                 s.getInputStream().read();  // hold until the proxy closes
             });
             Heddle h = Heddle.withRoutes(proxy(up, "\"expect_continue_timeout\":\"2s\"", ""));
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            RawClient.Response r = RawClient.read(in, false);
            assertEquals(401, r.status());
            assertEquals("log in", r.bodyText());
            assertEquals("close", r.header("Connection"));
            assertEquals(-1, in.read(), "the connection closes: the unread body is never taken for a request");
        }
    }

    @Test
    void flushIntervalMinusOneAndSseDeliverBeforeTheUpstreamFinishes() throws Exception {
        for (String[] c : new String[][] {{"Content-Length: 10\r\n", ",\"flush_interval\":-1"},
                                          {"Content-Type: text/event-stream\r\nContent-Length: 10\r\n", ""}}) {
            CountDownLatch firstSeen = new CountDownLatch(1);
            try (RawUpstream up = new RawUpstream((req, out, s) -> {
                     out.write(("HTTP/1.1 200 OK\r\n" + c[0] + "\r\nfirst").getBytes(StandardCharsets.US_ASCII));
                     out.flush();
                     try {
                         firstSeen.await(10, TimeUnit.SECONDS);  // the rest only after the client saw the start
                     } catch (InterruptedException e) {
                         return;
                     }
                     out.write("later".getBytes(StandardCharsets.US_ASCII));
                 });
                 Heddle h = Heddle.withRoutes(proxy(up, "", c[1]));
                 Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                s.setSoTimeout(5000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                RawClient.Response head = RawClient.read(in, true);
                assertEquals(200, head.status());
                assertEquals("first", new String(in.readNBytes(5), StandardCharsets.US_ASCII), c[0]);
                firstSeen.countDown();
                assertEquals("later", new String(in.readNBytes(5), StandardCharsets.US_ASCII));
            }
        }
    }

    @Test
    void maxConnsPerHostMakesExtraRequestsWaitThen504() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 if (req.requestLine().contains("/hold")) {
                     try {
                         release.await(10, TimeUnit.SECONDS);  // keeps the only connection busy
                     } catch (InterruptedException e) {
                         return;
                     }
                 }
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
             });
             Heddle h = Heddle.withRoutes(proxy(up, "\"max_conns_per_host\":1,\"dial_timeout\":\"300ms\"", ""))) {
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    RawClient.exchange(h.port(), "GET /hold HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                } catch (java.io.IOException ignored) {
                    // the test fails on its own assertions
                }
            });
            org.awaitility.Awaitility.await().until(() -> up.requestCount() == 1);
            RawClient.Response waited = RawClient.exchange(h.port(), "GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(504, waited.status(), "no connection slot within the dial timeout");
            release.countDown();
            holder.join(5000);
            assertEquals("ok", RawClient.exchange(h.port(), "GET /after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals(1, up.connectionsAccepted(), "never more than one connection");
        }
    }

    @Test
    void oversizedResponseHeadIs502() throws Exception {
        String big = "x".repeat(3000);
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(("HTTP/1.1 200 OK\r\nX-Big: " + big
                     + "\r\nContent-Length: 2\r\n\r\nok").getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes(proxy(up, "\"max_response_header_size\":2048", ""))) {
            assertEquals(502, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
        }
    }

    @Test
    void unsupportedVersionsAreRefusedClearly() throws Exception {
        String base = "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"routes\":[{\"handle\":[{\"handler\":\"reverse_proxy\","
                + "\"upstreams\":[{\"dial\":\"a:1\"}],\"transport\":{\"protocol\":\"http\",%s}}]}]}}}}}";
        String prefix = "apps.http.servers.s.routes[0].handle[0].transport.";
        assertEquals(prefix + "versions: must include \"1.1\": Heddle talks HTTP/1.1 to upstreams (HTTP/2 upstreams are not supported yet)",
                assertThrows(ConfigException.class, () -> ConfigLoader.parse(base.formatted("\"versions\":[\"2\"]"))).getMessage());
        assertEquals(prefix + "versions[1]: HTTP/3 upstreams are not supported",
                assertThrows(ConfigException.class, () -> ConfigLoader.parse(base.formatted("\"versions\":[\"1.1\",\"3\"]"))).getMessage());
        ConfigLoader.parse(base.formatted("\"compression\":true"));  // Caddy's default, supported (CompressionTest)
        assertEquals(prefix + "compression: must be true or false, not \"yes\"",
                assertThrows(ConfigException.class, () -> ConfigLoader.parse(base.formatted("\"compression\":\"yes\""))).getMessage());
    }

    /** Reads a request head off a raw socket. */
    static final class RawUpstreamHead {
        static String read(InputStream in) throws java.io.IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                head.append((char) c);
            }
            return head.toString();
        }
    }
}
