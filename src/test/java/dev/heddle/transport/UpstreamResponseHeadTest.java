package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the http transport reads an upstream's response head and body framing, and when it keeps
 * the connection, judged over sockets: what the client receives and how many connections the
 * upstream saw. Rows found by mutation testing of ResponseHead and ResponseBody (issue 20).
 */
class UpstreamResponseHeadTest {
    private static final String GOOD = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private static String unescape(String row) {
        return row.replace("\\n", "\r\n").replace("\\t", "\t").replace("\\x01", "\u0001").replace("\\x0b", "\u000B").replace("\\p", "|");
    }

    /** One request on its own connection; every byte until close (or 5 s), with "<EOF>", "<RESET>" or "<OPEN>". */
    private static String wire(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return RawClient.readUntilClosed(s.getInputStream());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // what                                | the upstream's reply (\n = CRLF, \p = a pipe); "<close>": it then closes | the client sees
        "no reason phrase                      | HTTP/1.1 200\\nContent-Length: 2\\n\\nok                                   | 200 ok",
        "an HTTP/1.0 status line               | HTTP/1.0 200 OK\\nContent-Length: 2\\n\\nok                                | 200 ok",
        "status 999 (Go takes up to 999)       | HTTP/1.1 999 Odd\\nContent-Length: 2\\n\\nok                               | 999 ok",
        "a four-digit status                   | HTTP/1.1 2000 OK\\nContent-Length: 2\\n\\nok                               | 502",
        "HTTP/1.2                              | HTTP/1.2 200 OK\\nContent-Length: 2\\n\\nok                                | 502",
        "Content-Length of 18 digits           | HTTP/1.1 200 OK\\nContent-Length: 000000000000000002\\n\\nok               | 200 ok",
        "Content-Length of 19 digits           | HTTP/1.1 200 OK\\nContent-Length: 0000000000000000002\\n\\nok              | 502",
        "Content-Length with a sign            | HTTP/1.1 200 OK\\nContent-Length: +2\\n\\nok                               | 502",
        "an empty Content-Length               | HTTP/1.1 200 OK\\nContent-Length: \\n\\nok                                 | 502",
        "a line with an empty name             | HTTP/1.1 200 OK\\n: v\\nContent-Length: 2\\n\\nok                          | 502",
        "a name with every kind of tchar       | HTTP/1.1 200 OK\\nazAZ09!#$%&'*+-.^_`\\p~: v\\nContent-Length: 2\\n\\nok  | 200 azAZ09!#$%&'*+-.^_`\\p~: v",
        "a tab inside a value                  | HTTP/1.1 200 OK\\nX-T: a\\tb\\nContent-Length: 2\\n\\nok                     | 200 X-T: a\tb",
        "a control character inside a value    | HTTP/1.1 200 OK\\nX-T: a\\x01b\\nContent-Length: 2\\n\\nok                   | 502",
        "a vertical tab ending a value         | HTTP/1.1 200 OK\\nX-T: ab\\x0b\\nContent-Length: 2\\n\\nok                  | 502",
        "spaces and tabs around a value        | HTTP/1.1 200 OK\\nX-T: \\t a b \\t\\nContent-Length: 2\\n\\nok            | 200 X-T: a b",
        "a body until close                    | HTTP/1.1 200 OK\\nX-T: 1\\n\\nhello<close>                                    | 200 hello",
        "a chunk extension                     | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n2;x=y\\nok\\n0\\n\\n       | 200 ok",
        "a chunk size of 15 hex digits         | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n000000000000002\\nok\\n0\\n\\n | 200 ok",
        "a chunk size of 16 hex digits         | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n0000000000000002\\nok\\n0\\n\\n | cut",
        "junk after a chunk size               | HTTP/1.1 200 OK\\nTransfer-Encoding: chunked\\n\\n2 x\\nok\\n0\\n\\n         | cut",
    })
    void headsAndFramingAreReadStrictly(String what, String reply, String seen) throws Exception {
        String raw = unescape(reply);
        boolean close = raw.endsWith("<close>");
        byte[] bytes = raw.replace("<close>", "").getBytes(StandardCharsets.ISO_8859_1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write(bytes);
                 out.flush();
                 if (close) {
                     s.close();
                 }
             });
             Heddle h = Heddle.proxyTo(up.dial())) {
            String got = wire(h.port(), "/");
            if (seen.equals("502")) {
                assertTrue(got.startsWith("HTTP/1.1 502 "), what + ": " + got);
            } else if (seen.equals("cut")) {
                assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"), what + ": " + got);
                assertTrue(!got.contains("\r\n0\r\n\r\n"), what + ": never a clean end: " + got);
            } else {
                assertTrue(got.startsWith("HTTP/1.1 " + seen.substring(0, 4)), what + ": " + got);
                String expected = unescape(seen.substring(4));
                if (expected.contains(": ")) {
                    assertTrue(got.contains("\r\n" + expected + "\r\n"), what + ": " + got);
                } else {
                    RawClient.Response r = RawClient.read(new java.io.ByteArrayInputStream(
                            got.replace("<EOF>", "").getBytes(StandardCharsets.ISO_8859_1)), false);
                    assertEquals(expected, r.bodyText(), what + ": " + got);
                }
            }
            up.assertNoErrors();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                | the reply to the first request (\n = CRLF)                                | connections for two requests
        "HTTP/1.1                              | HTTP/1.1 200 OK\\nContent-Length: 2\\n\\nok                                | 1",
        "HTTP/1.1 with Connection: close       | HTTP/1.1 200 OK\\nConnection: close\\nContent-Length: 2\\n\\nok             | 2",
        "HTTP/1.1, close among other tokens    | HTTP/1.1 200 OK\\nConnection: x-a, Close\\nContent-Length: 2\\n\\nok        | 2",
        "HTTP/1.1, close in a second field     | HTTP/1.1 200 OK\\nConnection: x-a\\nConnection: close\\nContent-Length: 2\\n\\nok | 2",
        "HTTP/1.1, close between tabs          | HTTP/1.1 200 OK\\nConnection: x-a,\t close\t\\nContent-Length: 2\\n\\nok    | 2",
        "HTTP/1.1, a token that contains close | HTTP/1.1 200 OK\\nConnection: x-close, closed\\nContent-Length: 2\\n\\nok | 1",
        "HTTP/1.0                              | HTTP/1.0 200 OK\\nContent-Length: 2\\n\\nok                                | 2",
        "HTTP/1.0 with Connection: keep-alive  | HTTP/1.0 200 OK\\nConnection: Keep-Alive\\nContent-Length: 2\\n\\nok        | 1",
    })
    void theConnectionIsKeptOnlyWhenTheResponseAllowsIt(String what, String reply, int connections) throws Exception {
        byte[] first = unescape(reply).getBytes(StandardCharsets.ISO_8859_1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(req.requestLine().startsWith("GET /first ")
                     ? first : GOOD.getBytes(StandardCharsets.ISO_8859_1)));
             Heddle h = Heddle.proxyTo(up.dial())) {
            assertEquals("ok", RawClient.exchange(h.port(), "GET /first HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals("ok", RawClient.exchange(h.port(), "GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals(connections, up.connectionsAccepted(), what);
            if (connections == 2) {
                // The upstream left its side open: Heddle closed the connection it would not reuse.
                await().atMost(Duration.ofSeconds(5)).until(() -> up.connectionsClosedByProxy() == 1);
            }
            up.assertNoErrors();
        }
    }

    /**
     * A response whose body Heddle did not read (handle_response answered instead) is not
     * pooled. The upstream sends the rest of that body only when a next request arrives on the
     * same connection: had Heddle pooled it, it would read those bytes as the next response.
     */
    @Test
    void aResponseWhoseBodyWasNotReadClosesItsConnection() throws Exception {
        byte[] good = GOOD.getBytes(StandardCharsets.US_ASCII);
        java.util.List<String> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean unreadClosed = new java.util.concurrent.atomic.AtomicBoolean();
        try (RawUpstream up = new RawUpstream((Socket s) -> {
                 java.io.InputStream in = s.getInputStream();
                 java.io.OutputStream out = s.getOutputStream();
                 for (String line; (line = requestLine(in)) != null; ) {
                     requests.add(line);
                     if (line.startsWith("GET /unread ")) {
                         out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                         out.flush();
                         String reused = requestLine(in);
                         if (reused == null) {
                             unreadClosed.set(true);  // closed by Heddle: the body is never needed
                             return;
                         }
                         requests.add(reused);
                         out.write("0123456789".getBytes(StandardCharsets.US_ASCII));  // late, then the answer
                     }
                     out.write(good);
                     out.flush();
                 }
             });
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}], "handle_response": [
                        {"match": {"headers": {"Content-Length": ["10"]}},
                         "routes": [{"handle": [{"handler": "static_response", "body": "mine"}]}]}]}]}]"""
                     .formatted(up.dial()))) {
            assertEquals("mine", RawClient.exchange(h.port(), "GET /unread HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            await().atMost(Duration.ofSeconds(5)).untilTrue(unreadClosed);
            RawClient.Response next = RawClient.exchange(h.port(), "GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, next.status(), next.bodyText());
            assertEquals("ok", next.bodyText());
            assertEquals(java.util.List.of("GET /unread HTTP/1.1", "GET /next HTTP/1.1"), requests,
                    "each request once, on its own connection");
            assertEquals(2, up.connectionsAccepted(), "the next request dialed afresh");
            up.assertNoErrors();
        }
    }

    /** A bodyless request's head: its request line, or null when the connection ended first. */
    private static String requestLine(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        for (int c; (c = in.read()) >= 0; ) {
            head.append((char) c);
            if (head.toString().endsWith("\r\n\r\n")) {
                return head.substring(0, head.indexOf("\r\n"));
            }
        }
        return null;
    }

    /** The error log names the malformed status line (control characters as '?', at most 80 characters). */
    @Test
    void aMalformedStatusLineIsNamedInTheLog() throws Exception {
        String bad = "HTTP/1.1 2x0 " + "R".repeat(66) + "\u0001";  // 80 characters: shown whole
        try (LogCapture log = new LogCapture("dev.heddle.proxy");
             RawUpstream up = new RawUpstream((req, out, s) -> out.write((bad + "\r\nContent-Length: 0\r\n\r\n")
                     .getBytes(StandardCharsets.ISO_8859_1)));
             Heddle h = Heddle.proxyTo(up.dial())) {
            assertEquals(502, RawClient.exchange(h.port(), "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
            String shown = "malformed status line: " + bad.replace('\u0001', '?') + " (GET /x)";
            await().atMost(Duration.ofSeconds(5)).until(() -> log.errors().stream().anyMatch(m -> m.contains(shown)));
        }
    }

    /** A body until close arrives in two parts; it ends only when the upstream closes, not after the first read. */
    @Test
    void aBodyUntilCloseEndsOnlyAtTheClose() throws Exception {
        java.util.concurrent.CountDownLatch firstPartRelayed = new java.util.concurrent.CountDownLatch(1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 out.write("HTTP/1.1 200 OK\r\n\r\nhel".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 try {
                     firstPartRelayed.await(5, java.util.concurrent.TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 out.write("lo".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 s.close();
             });
             Heddle h = Heddle.proxyTo(up.dial());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(5_000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = client.getInputStream();
            StringBuilder seen = new StringBuilder();
            while (!seen.toString().contains("hel")) {
                int c = in.read();
                assertTrue(c >= 0, "closed before the first part: " + seen);
                seen.append((char) c);
            }
            firstPartRelayed.countDown();
            String all = seen + RawClient.readUntilClosed(in).replace("<EOF>", "");
            RawClient.Response r = RawClient.read(new java.io.ByteArrayInputStream(all.getBytes(StandardCharsets.ISO_8859_1)), false);
            assertEquals("hello", r.bodyText(), all);
        }
    }
}
