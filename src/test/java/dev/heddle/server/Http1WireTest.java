package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Heddle's own HTTP/1.x connection puts on the wire (issue 18, "Behaviour"): exact bytes
 * over raw sockets, each row one rule of RFC 9112 or of what Caddy on Go answers.
 */
class Http1WireTest {
    private static RawUpstream upstream;
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        upstream = new RawUpstream((req, out, s) -> {
            String target = req.requestLine().split(" ")[1];
            String reply;
            if (target.startsWith("/proxy/chunked")) {
                reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
            } else {
                String body = "upstream saw " + target;
                reply = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            }
            out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
        });
        heddle = Heddle.withRoutes("""
                [{"match": [{"path": ["/proxy/*"]}], "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]},
                 {"match": [{"path": ["/close"]}], "handle": [{"handler": "static_response", "body": "bye", "close": true}]},
                 {"match": [{"path": ["/abort"]}], "handle": [{"handler": "static_response", "status_code": 200, "body": "never", "abort": true}]},
                 {"match": [{"path": ["/nocontent"]}], "handle": [{"handler": "static_response", "status_code": 204}]},
                 {"match": [{"path": ["/notmodified"]}], "handle": [{"handler": "static_response", "status_code": 304, "body": "x"}]},
                 {"handle": [{"handler": "static_response", "body": "host={http.request.hostport} path={http.request.uri.path} proto={http.request.proto}"}]}]
                """.formatted(upstream.dial()));
    }

    @AfterAll
    static void stop() throws IOException {
        heddle.close();
        upstream.close();
    }

    /** Sends the bytes, reads until the server closes ("<EOF>" appended) or is quiet for 700 ms. */
    static String wire(String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            s.setSoTimeout(700);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
                got.write("<EOF>".getBytes(StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException quiet) {
                // the connection stayed open
            } catch (IOException reset) {
                got.write("<RESET>".getBytes(StandardCharsets.ISO_8859_1));
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The upstream's request for this path (the other tests' requests are passed over). */
    private static RawUpstream.Request requestFor(String path) throws InterruptedException {
        RawUpstream.Request seen = upstream.takeRequest();
        while (!seen.requestLine().contains(path)) {
            seen = upstream.takeRequest();
        }
        return seen;
    }

    private static int count(String text, String what) {
        return text.split(Pattern.quote(what), -1).length - 1;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                        | request line and fields (\n = CRLF)              | status line
        "HTTP/1.0 without Host          | GET /a HTTP/1.0\\n                               | HTTP/1.0 200 OK",
        "HTTP/1.1                       | GET /a HTTP/1.1\\nHost: x\\n                     | HTTP/1.1 200 OK",
        "HTTP/1.2 is served as 1.1      | GET /a HTTP/1.2\\nHost: x\\n                     | HTTP/1.1 200 OK",
        "HTTP/2.0 over HTTP/1 syntax    | GET /a HTTP/2.0\\nHost: x\\n                     | HTTP/1.1 505 HTTP Version Not Supported",
        "HTTP/3.0                       | GET /a HTTP/3.0\\nHost: x\\n                     | HTTP/1.1 505 HTTP Version Not Supported",
        "lower-case version             | GET /a http/1.1\\nHost: x\\n                     | HTTP/1.1 400 Bad Request",
        "version with two minor digits  | GET /a HTTP/1.10\\nHost: x\\n                    | HTTP/1.1 400 Bad Request",
        "no version                     | GET /a\\nHost: x\\n                              | HTTP/1.1 400 Bad Request",
        "method not a token             | G(T /a HTTP/1.1\\nHost: x\\n                     | HTTP/1.1 400 Bad Request",
        "two spaces in the line         | GET  /a HTTP/1.1\\nHost: x\\n                    | HTTP/1.1 400 Bad Request",
        "asterisk for OPTIONS           | OPTIONS * HTTP/1.1\\nHost: x\\n                  | HTTP/1.1 200 OK",
        "asterisk for GET               | GET * HTTP/1.1\\nHost: x\\n                      | HTTP/1.1 400 Bad Request",
        "HTTP/1.1 without Host          | GET /a HTTP/1.1\\n                               | HTTP/1.1 400 Bad Request",
        "two Host fields                | GET /a HTTP/1.1\\nHost: x\\nHost: y\\n           | HTTP/1.1 400 Bad Request",
        "malformed Host                 | GET /a HTTP/1.1\\nHost: a b\\n                  | HTTP/1.1 400 Bad Request",
        "obs-fold                       | GET /a HTTP/1.1\\nHost: x\\nX-A: a\\n b\\n       | HTTP/1.1 400 Bad Request",
        "space before the colon         | GET /a HTTP/1.1\\nHost: x\\nX-A : a\\n           | HTTP/1.1 400 Bad Request",
        "invalid field name             | GET /a HTTP/1.1\\nHost: x\\nX(A): a\\n           | HTTP/1.1 400 Bad Request",
        "NUL in a value                 | GET /a HTTP/1.1\\nHost: x\\nX-A: a\\0b\\n        | HTTP/1.1 400 Bad Request",
        "bare CR in a value             | GET /a HTTP/1.1\\nHost: x\\nX-A: a\\rb\\n        | HTTP/1.1 400 Bad Request",
        // a bare LF ends the line (accepted as Go does), so what follows it is a line without a colon
        "bare LF in a value             | GET /a HTTP/1.1\\nHost: x\\nX-A: a\\Lb\\n        | HTTP/1.1 400 Bad Request",
        "CL and TE                      | POST /a HTTP/1.1\\nHost: x\\nContent-Length: 1\\nTransfer-Encoding: chunked\\n | HTTP/1.1 400 Bad Request",
        "differing Content-Lengths      | POST /a HTTP/1.1\\nHost: x\\nContent-Length: 1\\nContent-Length: 2\\n | HTTP/1.1 400 Bad Request",
        "TE gzip                        | POST /a HTTP/1.1\\nHost: x\\nTransfer-Encoding: gzip\\n | HTTP/1.1 501 Not Implemented",
        "TE in HTTP/1.0                 | POST /a HTTP/1.0\\nTransfer-Encoding: chunked\\n | HTTP/1.1 400 Bad Request",
    })
    void statusLines(String what, String head, String statusLine) throws Exception {
        String raw = head.replace("\\n", "\r\n").replace("\\0", "\0").replace("\\r", "\r").replace("\\L", "\n") + "\r\n";
        String got = wire(raw);
        assertTrue(got.startsWith(statusLine + "\r\n"), what + ": " + got);
        if (!statusLine.endsWith(" OK")) {
            assertTrue(got.contains("Connection: close\r\n") && got.endsWith("<EOF>"), what + ": refused, then closed: " + got);
        }
    }

    @Test
    void http10GetsNoKeepAliveUnlessItAsksAndNoChunking() throws Exception {
        String plain = wire("GET /a HTTP/1.0\r\n\r\n");
        assertFalse(plain.contains("Connection:"), plain);
        assertTrue(plain.endsWith("<EOF>"), "closed after the response: " + plain);
        assertTrue(plain.contains("proto=HTTP/1.0"), plain);

        String kept = wire("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
        assertEquals(2, count(kept, "HTTP/1.0 200 OK"), kept);
        assertTrue(kept.contains("Connection: keep-alive\r\n"), kept);
        assertTrue(kept.endsWith("<EOF>"), "the second request did not ask to keep it: " + kept);

        // An upstream body of unknown length goes to an HTTP/1.0 client until close, never chunked.
        String streamed = wire("GET /proxy/chunked HTTP/1.0\r\n\r\n");
        assertTrue(streamed.startsWith("HTTP/1.0 200 OK\r\n"), streamed);
        assertFalse(streamed.contains("Transfer-Encoding"), streamed);
        assertTrue(streamed.endsWith("\r\n\r\nhello<EOF>"), streamed);
    }

    @Test
    void responsesCarryOnlyWhatHeddleDecided() throws Exception {
        String got = wire("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertFalse(got.contains("Connection:"), "no Connection: keep-alive on HTTP/1.1: " + got);
        Matcher date = Pattern.compile("\r\nDate: ([^\r]*)\r\n").matcher(got);
        assertTrue(date.find(), got);
        assertTrue(date.group(1).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
                "IMF-fixdate with a two-digit day: " + date.group(1));
        assertFalse(got.endsWith("<EOF>"), "kept alive: " + got);
    }

    @Test
    void bodylessStatusesAndHead() throws Exception {
        String noContent = wire("GET /nocontent HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(noContent.startsWith("HTTP/1.1 204 No Content\r\n"), noContent);
        assertFalse(noContent.contains("Content-Length") || noContent.contains("Transfer-Encoding"), noContent);
        assertTrue(noContent.endsWith("\r\n\r\n"), "no body: " + noContent);

        String notModified = wire("GET /notmodified HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(notModified.startsWith("HTTP/1.1 304 Not Modified\r\n") && notModified.endsWith("\r\n\r\n"), notModified);

        // HEAD: the upstream's length kept, no length invented for a chunked one, never a body.
        String headChunked = wire("HEAD /proxy/chunked HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n");
        assertFalse(headChunked.contains("Content-Length: 0"), headChunked);
        assertEquals(2, count(headChunked, "HTTP/1.1 200 OK"), "the next response follows the head directly: " + headChunked);
        assertFalse(headChunked.contains("hello"), headChunked);
        String headFixed = wire("HEAD /proxy/len HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(headFixed.contains("Content-Length: 23\r\n") && headFixed.endsWith("\r\n\r\n"), headFixed);
    }

    @Test
    void connectionCloseEitherWayClosesAfterTheResponse() throws Exception {
        String asked = wire("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(asked.contains("Connection: close\r\n") && asked.endsWith("<EOF>"), asked);
        String answered = wire("GET /close HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(answered.contains("Connection: close\r\n") && answered.endsWith("bye<EOF>"), answered);
    }

    @Test
    void abortDropsTheConnectionWithoutAnyResponse() throws Exception {
        // Not a byte of a response, not even on a kept-alive connection whose first request was answered.
        String alone = wire("GET /abort HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(alone.equals("<EOF>") || alone.equals("<RESET>"), "dropped without a response: " + alone);
        String second = wire("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /abort HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(second.contains("path=/a"), second);
        assertTrue(second.endsWith("proto=HTTP/1.1<EOF>") || second.endsWith("proto=HTTP/1.1<RESET>"), "only the first answer, then dropped: " + second);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String got = wire("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /proxy/two HTTP/1.1\r\nHost: x\r\n\r\nGET /three HTTP/1.1\r\nHost: x\r\n\r\n");
        int one = got.indexOf("path=/one");
        int two = got.indexOf("upstream saw /proxy/two");
        int three = got.indexOf("path=/three");
        assertTrue(one > 0 && two > one && three > two, got);
    }

    /** "Content-Length: 5, 5" is one length: the upstream gets the body and a single plain value (as from Go). */
    @Test
    void aListedContentLengthReachesTheUpstreamAsOneValue() throws Exception {
        String got = wire("POST /proxy/listed HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\nhello");
        assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"), got);
        RawUpstream.Request seen = requestFor("/proxy/listed");
        assertEquals("hello", new String(seen.body(), StandardCharsets.ISO_8859_1));
        assertEquals("5", seen.header("Content-Length"));
    }

    /** RFC 9110 §7.8: Upgrade in an HTTP/1.0 request is ignored; the request is served as a plain one. */
    @Test
    void anHttp10UpgradeIsIgnored() throws Exception {
        String got = wire("GET /proxy/up10 HTTP/1.0\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n");
        assertTrue(got.startsWith("HTTP/1.0 200 OK\r\n"), got);
        RawUpstream.Request seen = requestFor("/proxy/up10");
        assertEquals(null, seen.header("Upgrade"), "no upgrade forwarded");
    }

    @Test
    void targetsAndHosts() throws Exception {
        assertTrue(wire("GET http://example.test:8080/abs?q=1 HTTP/1.1\r\nHost: other\r\n\r\n")
                .contains("host=example.test:8080 path=/abs"), "the absolute-form authority is the host");
        // Bytes above 0x7F: percent-encoded in the path, unchanged in the query (as Go forwards them).
        wire("GET /proxy/caf\u00c3\u00a9?q=\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\n\r\n");
        RawUpstream.Request seen = requestFor("/proxy/caf");
        assertEquals("GET /proxy/caf%C3%A9?q=\u00c3\u00a9 HTTP/1.1", seen.requestLine());
    }
}
