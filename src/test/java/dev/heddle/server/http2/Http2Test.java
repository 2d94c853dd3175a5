package dev.heddle.server.http2;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 to clients over TLS (ALPN h2), through the whole pipeline to HTTP/1.1 upstreams, with
 * the JDK's HttpClient (which speaks only HTTP/2 here: {@code version(HTTP_2)} over TLS, and
 * fails rather than falling back when a request fails): many streams on one connection, a
 * request body of unknown length, events flushed one by one, an aborted stream that leaves its
 * siblings alone, and a client's reset that cancels the upstream attempt. curl's side is in
 * {@link Http2CurlTest}.
 */
class Http2Test {
    private static TlsTestSite site;

    @BeforeAll
    static void certificates() throws Exception {
        site = new TlsTestSite("Heddle HTTP/2 Test CA");
    }

    @AfterAll
    static void clean() {
        site.close();
    }

    private static String tlsServer(String routes, String serverExtra) {
        return site.config(routes, serverExtra);
    }

    static String proxyRoute(String dial) {
        return "{\"handle\": [{\"handler\": \"reverse_proxy\", \"upstreams\": [{\"dial\": \"" + dial + "\"}],"
                + " \"headers\": {\"response\": {\"set\": {\"X-Client-Port\": [\"{http.request.remote.port}\"],"
                + " \"X-Proto\": [\"{http.request.proto} {http.request.tls.proto}\"]}}}}]}";
    }

    private static HttpClient client() throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(site.pki.clientContext(null))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static URI uri(Heddle h, String path) {
        return URI.create("https://127.0.0.1:" + h.port() + path);
    }

    @Test
    void twoHundredStreamsRunAtOnceOnOneConnection() throws Exception {
        int streams = 200;
        CountDownLatch allIn = new CountDownLatch(streams);
        // The upstream answers only once every request is in: 200 requests wait at once, so the
        // client's 200 streams were all open together on its one connection.
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            if (!req.requestLine().startsWith("GET /warm ")) {
                allIn.countDown();
                try {
                    allIn.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] body = req.requestLine().getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        });
             Heddle h = Heddle.start(tlsServer("[" + proxyRoute(up.dial()) + "]", ""))) {
            HttpClient c = client();
            HttpResponse<String> first = c.send(HttpRequest.newBuilder(uri(h, "/warm")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, first.version());
            assertEquals("HTTP/2.0 h2", first.headers().firstValue("X-Proto").orElseThrow(), "{http.request.proto} and tls.proto on h2");
            List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                all.add(c.sendAsync(HttpRequest.newBuilder(uri(h, "/s" + i)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            Set<String> ports = new java.util.HashSet<>();
            assertTrue(allIn.await(30, TimeUnit.SECONDS), "all " + streams + " requests were at the upstream at once");
            for (int i = 0; i < streams; i++) {
                HttpResponse<String> r = all.get(i).get(60, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals(HttpClient.Version.HTTP_2, r.version());
                assertEquals("GET /s" + i + " HTTP/1.1", r.body(), "each stream got its own answer");
                ports.add(r.headers().firstValue("X-Client-Port").orElseThrow());
            }
            ports.add(first.headers().firstValue("X-Client-Port").orElseThrow());
            assertEquals(1, ports.size(), "every stream came over one client connection: " + ports);
            up.assertNoErrors();
        }
    }

    @Test
    void aPostOfUnknownLengthReachesTheUpstreamWhole() throws Exception {
        byte[] body = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(body);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            String answer = sha256(req.body()) + " " + req.header("Transfer-Encoding") + " " + req.header("Content-Length");
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer).getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.start(tlsServer("[" + proxyRoute(up.dial()) + "]", ""))) {
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri(h, "/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(sha256(body) + " chunked null", r.body(), "no length on the client side: chunked upstream, every byte");
        }
    }

    @Test
    void serverSentEventsAreFlushedOneByOne() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        AtomicBoolean waitedInVain = new AtomicBoolean();
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, "data: one\n\n");
            out.flush();
            try {
                // The second event is sent only once the client has read the first: a proxy that
                // buffered would leave both waiting here.
                waitedInVain.set(!firstSeen.await(15, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            chunk(out, "data: two\n\n");
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.start(tlsServer("[" + proxyRoute(up.dial()) + "]", ""))) {
            HttpResponse<InputStream> r = client().send(HttpRequest.newBuilder(uri(h, "/events")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                assertEquals("data: one", lines.readLine());
                firstSeen.countDown();
                assertEquals("", lines.readLine());
                assertEquals("data: two", lines.readLine());
            }
            assertTrue(!waitedInVain.get(), "the first event reached the client while the upstream held the second");
        }
    }

    @Test
    void anAbortedStreamLeavesItsSiblingsAndTheConnectionAlone() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            // An event stream: Heddle (as Caddy) flushes each piece of it at once.
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 10\r\n\r\nfirst"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("-half".getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.start(tlsServer("[{\"match\": [{\"path\": [\"/abort\"]}], \"handle\": [{\"handler\": \"static_response\","
                     + " \"abort\": true}]}, " + proxyRoute(up.dial()) + "]", ""))) {
            HttpClient c = client();
            HttpResponse<InputStream> slow = c.send(HttpRequest.newBuilder(uri(h, "/slow")).build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] start = slow.body().readNBytes(5);
            assertEquals("first", new String(start, StandardCharsets.US_ASCII), "the sibling is mid-body");
            IOException aborted = assertThrows(IOException.class,
                    () -> c.send(HttpRequest.newBuilder(uri(h, "/abort")).build(), HttpResponse.BodyHandlers.ofString()));
            assertTrue(String.valueOf(aborted.getMessage()).contains("RST_STREAM"), "the aborted stream was reset: " + aborted);
            release.countDown();
            assertEquals("-half", new String(slow.body().readAllBytes(), StandardCharsets.US_ASCII), "the sibling finished whole");
            HttpResponse<String> after = c.send(HttpRequest.newBuilder(uri(h, "/after")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(slow.headers().firstValue("X-Client-Port"), after.headers().firstValue("X-Client-Port"),
                    "the connection the abort happened on still serves");
        }
    }

    @Test
    void aClientResetCancelsTheUpstreamAttemptWithoutBlamingTheUpstream() throws Exception {
        CountDownLatch upstreamClosed = new CountDownLatch(1);
        try (RawUpstream up = new RawUpstream(s -> {
            InputStream in = s.getInputStream();
            String head = readHead(in);
            OutputStream out = s.getOutputStream();
            if (head.startsWith("GET /ok ")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            chunk(out, "data: only\n\n");
            out.flush();
            // Nothing more is sent: only a proxy that gives the attempt up closes this connection.
            s.setSoTimeout(30_000);
            try {
                if (in.read() < 0) {
                    upstreamClosed.countDown();
                }
            } catch (IOException e) {
                upstreamClosed.countDown();
            }
        });
             Heddle h = Heddle.start(tlsServer("[{\"handle\": [{\"handler\": \"reverse_proxy\", \"upstreams\": [{\"dial\": \""
                     + up.dial() + "\"}], \"health_checks\": {\"passive\": {\"fail_duration\": \"1m\", \"max_fails\": 1}}}]}]", ""))) {
            HttpClient c = client();
            HttpResponse<InputStream> r = c.send(HttpRequest.newBuilder(uri(h, "/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("data: only", new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8)).readLine());
            r.body().close();  // the JDK client resets the stream (RST_STREAM CANCEL)
            assertTrue(upstreamClosed.await(15, TimeUnit.SECONDS), "the upstream connection was closed after the client's reset");
            // One passive failure would take the only upstream out for a minute: the cancel is not one.
            HttpResponse<String> next = c.send(HttpRequest.newBuilder(uri(h, "/ok")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, next.statusCode(), "the upstream is still available");
            assertEquals("ok", next.body());
        }
    }

    @Test
    void requestHeadersReachTheUpstreamAsGoWritesThem() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.start(tlsServer("[" + proxyRoute(up.dial()) + "]", ""))) {
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri(h, "/h?q=1")).header("x-custom-thing", "v")
                    .header("cookie", "a=1").header("cookie", "b=2").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            RawUpstream.Request seen = up.takeRequest();
            assertEquals("GET /h?q=1 HTTP/1.1", seen.requestLine());
            assertTrue(seen.headerNames().contains("X-Custom-Thing"), "canonical names upstream, as Go's: " + seen.headerNames());
            assertEquals("https", seen.header("X-Forwarded-Proto"));
            assertEquals("127.0.0.1:" + h.port(), seen.header("Host"), ":authority is the upstream's Host");
            String cookies = seen.headers().stream().filter(x -> x[0].equalsIgnoreCase("Cookie")).map(x -> x[1])
                    .collect(Collectors.joining("|"));
            assertTrue(cookies.equals("a=1; b=2") || cookies.equals("b=2; a=1"), "cookie fields joined with \"; \" (RFC 9113 §8.2.3): " + cookies);
        }
    }

    @Test
    void headAnswersTheLengthWithoutTheBody() throws Exception {
        try (Heddle h = Heddle.start(tlsServer("[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"twelve bytes\"}]}]", ""))) {
            HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri(h, "/")).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals(200, r.statusCode());
            assertEquals("12", r.headers().firstValue("content-length").orElse("none"), "the length the body would have had");
            assertEquals("", r.body());
            assertTrue(r.headers().firstValue("date").isPresent(), "a date field");
        }
    }

    static void chunk(OutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("head ended early");
            }
            head.append((char) c);
            state = (c == '\r' && state % 2 == 0) || (c == '\n' && state % 2 == 1) ? state + 1 : 0;
        }
        return head.toString();
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b == null ? new byte[0] : b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
