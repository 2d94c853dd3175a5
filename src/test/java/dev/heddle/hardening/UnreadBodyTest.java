package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A route that answers without reading the request body (here a 403) must never let that body
 * be parsed as the next request on the connection (issue 18: "POST /deny" with
 * {@code Expect: 100-continue} and a body the client sent anyway was followed by a 200 for the
 * "GET /smuggled" hidden in it). Go's rule, which Caddy inherits: with an unanswered
 * {@code Expect: 100-continue} the connection closes after the response; without it, up to
 * 256 KiB of unread body is discarded and the connection closes when more is left.
 * Each row sends one framing, reads the 403, then asks for /next on the same connection.
 */
class UnreadBodyTest {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: x\r\n\r\n";
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        heddle = Heddle.withRoutes("""
                [{"match": [{"path": ["/deny"]}], "handle": [{"handler": "static_response", "status_code": 403, "body": "denied"}]},
                 {"handle": [{"handler": "static_response", "body": "ok {http.request.uri.path}"}]}]
                """);
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    /** What came back: each response as "status body", then "closed" or "open" for the connection. */
    private static List<String> exchange(String head, byte[] body, boolean bodyAfterResponse) throws IOException {
        List<String> seen = new ArrayList<>();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (!bodyAfterResponse) {
                out.write(body);
            }
            out.flush();
            readFirst(s, seen);
            try {
                if (bodyAfterResponse) {
                    out.write(body);
                }
                out.write(NEXT.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // closed already: readRest says so
            }
            readRest(in, seen);
        }
        return seen;
    }

    /** The first response, noting a Connection: close; then "open" means nothing more within a second. */
    private static void readFirst(Socket s, List<String> seen) throws IOException {
        RawClient.Response first = RawClient.read(s.getInputStream(), false);
        seen.add(first.status() + " " + first.bodyText()
                + ("close".equalsIgnoreCase(first.header("Connection")) ? " (Connection: close)" : ""));
        s.setSoTimeout(1000);
    }

    /** Every further response, then how the connection ended: "open" (quiet) or "closed". */
    private static void readRest(InputStream in, List<String> seen) {
        try {
            while (true) {
                RawClient.Response r = RawClient.read(in, false);
                seen.add(r.status() + " " + r.bodyText());
            }
        } catch (SocketTimeoutException e) {
            seen.add("open");
        } catch (IOException e) {
            seen.add("closed");
        }
    }

    private static byte[] chunked(String data) {
        return (Integer.toHexString(data.length()) + "\r\n" + data + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // framing          | Expect | body after the response | what the client sees
        "content-length     | true   | false | 403 denied (Connection: close), closed",
        "content-length     | false  | false | 403 denied, 200 ok /next, open",
        "chunked            | true   | false | 403 denied (Connection: close), closed",
        "chunked            | false  | false | 403 denied, 200 ok /next, open",
        "content-length     | true   | true  | 403 denied (Connection: close), closed",
        "chunked            | true   | true  | 403 denied (Connection: close), closed",
    })
    void anUnreadBodyIsNeverTakenForARequest(String framing, boolean expect, boolean late, String want) throws Exception {
        boolean isChunked = framing.equals("chunked");
        byte[] body = isChunked ? chunked(SMUGGLED) : SMUGGLED.getBytes(StandardCharsets.ISO_8859_1);
        String head = "POST /deny HTTP/1.1\r\nHost: x\r\n"
                + (isChunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n")
                + (expect ? "Expect: 100-continue\r\n" : "") + "\r\n";
        List<String> seen = exchange(head, body, late);
        assertFalse(seen.toString().contains("smuggled"), "body bytes were served as a request: " + seen);
        assertEquals(want, String.join(", ", seen));
    }

    /** More than 256 KiB left unread: discarding it would cost more than a new connection. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"content-length", "chunked"})
    void aLargeUnreadBodyClosesTheConnection(String framing) throws Exception {
        String filler = "x".repeat(300 * 1024) + SMUGGLED;
        boolean isChunked = framing.equals("chunked");
        byte[] body = isChunked ? chunked(filler) : filler.getBytes(StandardCharsets.ISO_8859_1);
        String head = "POST /deny HTTP/1.1\r\nHost: x\r\n"
                + (isChunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n";
        List<String> seen = exchangeWhileSending(head, body);
        assertEquals("403 denied (Connection: close), closed", String.join(", ", seen));
    }

    /** A body a little under the limit is discarded and the connection serves the next request. */
    @Test
    void aBodyUnderTheLimitIsDiscarded() throws Exception {
        byte[] body = "y".repeat(200 * 1024).getBytes(StandardCharsets.ISO_8859_1);
        String head = "POST /deny HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n";
        assertEquals("403 denied, 200 ok /next, open", String.join(", ", exchangeWhileSending(head, body)));
    }

    /** The body goes out on its own thread: a server that stops reading must not block the test. */
    private static List<String> exchangeWhileSending(String head, byte[] body) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(body);
                    out.write(NEXT.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (IOException ignored) {
                    // the server closed: what the rows check
                }
            });
            readFirst(s, seen);
            readRest(s.getInputStream(), seen);
            s.close();
            writer.join(5000);
        }
        return seen;
    }
}
