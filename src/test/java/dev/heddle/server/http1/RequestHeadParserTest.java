package dev.heddle.server.http1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import static dev.heddle.server.http1.Wire.PIECES;
import static dev.heddle.server.http1.Wire.bytes;
import static dev.heddle.server.http1.Wire.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The request head parser, one table row per rule, each row fed 1, 3 and 7 bytes per read and
 * preloaded whole. Limits here: request line 64 bytes, head 256 bytes, 8 fields.
 */
class RequestHeadParserTest {
    private static final RequestHeadParser PARSER = new RequestHeadParser(64, 256, 8);
    private static final String H = "Host: h\r\n";

    private static RequestHead parse(String request, int piece) throws IOException {
        return PARSER.parse(input(request, piece));
    }

    static Stream<Arguments> requestLines() {
        return Stream.of(
            arguments("origin-form", "GET /a/b?x=1&y HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "GET", "/a/b?x=1&y", 1, "/a/b", "x=1&y", "example.com"),
            arguments("empty query", "GET /a? HTTP/1.1\r\n" + H + "\r\n", "GET", "/a?", 1, "/a", "", "h"),
            arguments("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", "GET", "/", 0, "/", "", ""),
            arguments("HTTP/1.5 served as 1.1", "GET / HTTP/1.5\r\n" + H + "\r\n", "GET", "/", 1, "/", "", "h"),
            arguments("bare LF line ends", "GET / HTTP/1.1\nHost: h\n\n", "GET", "/", 1, "/", "", "h"),
            arguments("leading empty lines skipped", "\r\n\n\r\nGET / HTTP/1.1\r\n" + H + "\r\n",
                "GET", "/", 1, "/", "", "h"),
            arguments("absolute-form: target's authority wins",
                "GET http://Example.com:8080/p?q HTTP/1.1\r\nHost: other\r\n\r\n",
                "GET", "http://Example.com:8080/p?q", 1, "/p", "q", "Example.com:8080"),
            arguments("absolute-form: scheme any case, empty path", "GET HTTPS://h.example HTTP/1.1\r\n" + H + "\r\n",
                "GET", "HTTPS://h.example", 1, "/", "", "h.example"),
            arguments("absolute-form: query without path", "GET http://h.example?a=b HTTP/1.1\r\n" + H + "\r\n",
                "GET", "http://h.example?a=b", 1, "/", "a=b", "h.example"),
            arguments("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\n" + H + "\r\n", "OPTIONS", "*", 1, "*", "", "h"),
            arguments("authority-form with CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: x\r\n\r\n",
                "CONNECT", "example.com:443", 1, "", "", "example.com:443"),
            arguments("authority-form IPv6", "CONNECT [::1]:8443 HTTP/1.1\r\n" + H + "\r\n",
                "CONNECT", "[::1]:8443", 1, "", "", "[::1]:8443"),
            arguments("CONNECT with origin-form, as Go", "CONNECT /ws HTTP/1.1\r\n" + H + "\r\n",
                "CONNECT", "/ws", 1, "/ws", "", "h"),
            arguments("high bytes: path encoded, query raw", "GET /caf\u00c3\u00a9/\u00ff?q=\u00e9 HTTP/1.1\r\n" + H + "\r\n",
                "GET", "/caf\u00c3\u00a9/\u00ff?q=\u00e9", 1, "/caf%C3%A9/%FF", "q=\u00e9", "h"),
            arguments("extension method of tchars", "M-SEARCH!#$%&'*+.^_`|~ / HTTP/1.1\r\n" + H + "\r\n",
                "M-SEARCH!#$%&'*+.^_`|~", "/", 1, "/", "", "h"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestLines")
    void requestLine(String rule, String request, String method, String target, int minor, String rawPath,
                     String rawQuery, String host) throws IOException {
        for (int piece : PIECES) {
            RequestHead h = parse(request, piece);
            String at = rule + ", " + piece + " bytes per read";
            assertEquals(method, h.method(), at);
            assertEquals(target, h.target(), at);
            assertEquals(minor, h.minorVersion(), at);
            assertEquals(rawPath, h.rawPath(), at);
            assertEquals(rawQuery, h.rawQuery(), at);
            assertEquals(host, h.host(), at);
            assertEquals(request.length(), h.headBytes(), at);
        }
    }

    static Stream<Arguments> framing() {
        String post = "POST / HTTP/1.1\r\n" + H;
        return Stream.of(
            arguments("no body", "GET / HTTP/1.1\r\n" + H + "\r\n", -1L, false),
            arguments("Content-Length: 0", post + "Content-Length: 0\r\n\r\n", 0L, false),
            arguments("Content-Length", post + "Content-Length: 5\r\n\r\n", 5L, false),
            arguments("Content-Length trimmed", post + "Content-Length:  7 \t\r\n\r\n", 7L, false),
            arguments("Content-Length 18 digits", post + "Content-Length: 999999999999999999\r\n\r\n",
                999999999999999999L, false),
            arguments("identical list collapses", post + "Content-Length: 5, 5\r\n\r\n", 5L, false),
            arguments("identical lines collapse", post + "Content-Length: 5\r\ncontent-length: 5\r\n\r\n", 5L, false),
            arguments("same value, leading zero", post + "Content-Length: 05\r\nContent-Length: 5\r\n\r\n", 5L, false),
            arguments("chunked", post + "Transfer-Encoding: chunked\r\n\r\n", -1L, true),
            arguments("chunked, any case", post + "transfer-encoding: ChUnKeD \r\n\r\n", -1L, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void framing(String rule, String request, long contentLength, boolean chunked) throws IOException {
        for (int piece : PIECES) {
            RequestHead h = parse(request, piece);
            assertEquals(contentLength, h.contentLength(), rule);
            assertEquals(chunked, h.chunked(), rule);
            assertEquals(chunked || contentLength > 0, h.hasBody(), rule);
        }
    }

    static Stream<Arguments> connection() {
        String v11 = "GET / HTTP/1.1\r\n" + H;
        String v10 = "GET / HTTP/1.0\r\n";
        return Stream.of(
            arguments("HTTP/1.1 persists", v11 + "\r\n", true, false, false),
            arguments("HTTP/1.1 close", v11 + "Connection: close\r\n\r\n", false, false, false),
            arguments("close in a list, any case", v11 + "Connection: keep-alive, Close\r\n\r\n", false, false, false),
            arguments("close token exact", v11 + "Connection: closed\r\n\r\n", true, false, false),
            arguments("HTTP/1.0 closes", v10 + "\r\n", false, false, false),
            arguments("HTTP/1.0 keep-alive", v10 + "Connection: Keep-Alive\r\n\r\n", true, false, false),
            arguments("HTTP/1.0 keep-alive and close", v10 + "Connection: keep-alive\r\nConnection: close\r\n\r\n",
                false, false, false),
            arguments("Expect: 100-continue", v11 + "Expect: 100-Continue\r\n\r\n", true, true, false),
            arguments("Expect ignored in HTTP/1.0", v10 + "Expect: 100-continue\r\n\r\n", false, false, false),
            arguments("other expectation", v11 + "Expect: 200-ok\r\n\r\n", true, false, false),
            arguments("upgrade", v11 + "Connection: Upgrade\r\nUpgrade: websocket\r\n\r\n", true, false, true),
            arguments("upgrade in a list", v11 + "Connection: keep-alive, upgrade\r\nUpgrade: h2c\r\n\r\n",
                true, false, true),
            arguments("Upgrade without the token", v11 + "Upgrade: websocket\r\n\r\n", true, false, false),
            arguments("token without Upgrade", v11 + "Connection: upgrade\r\n\r\n", true, false, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connection")
    void connection(String rule, String request, boolean keepAlive, boolean expectContinue, boolean upgrade)
            throws IOException {
        for (int piece : PIECES) {
            RequestHead h = parse(request, piece);
            assertEquals(keepAlive, h.keepAlive(), rule);
            assertEquals(expectContinue, h.expectContinue(), rule);
            assertEquals(upgrade, h.upgradeRequested(), rule);
        }
    }

    static Stream<Arguments> fields() {
        String get = "GET / HTTP/1.1\r\n";
        return Stream.of(
            arguments("OWS trimmed", get + "Host:  h \t\r\n\r\n", List.of("Host: h")),
            arguments("no OWS", get + "Host:h\r\n\r\n", List.of("Host: h")),
            arguments("empty value", get + H + "X-E:\r\n\r\n", List.of("Host: h", "X-E: ")),
            arguments("inner whitespace kept", get + H + "X-A: a \t b\r\n\r\n", List.of("Host: h", "X-A: a \t b")),
            arguments("high bytes kept", get + H + "X-B: caf\u00c3\u00a9 \u00ff\r\n\r\n",
                List.of("Host: h", "X-B: caf\u00c3\u00a9 \u00ff")),
            arguments("names as received, repeats in order", get + "x-LoWeR: 1\r\n" + H + "X-LOWER: 2\r\n\r\n",
                List.of("x-LoWeR: 1", "Host: h", "X-LOWER: 2")),
            arguments("colon in value", get + H + "X-C: a:b: c\r\n\r\n", List.of("Host: h", "X-C: a:b: c")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void fields(String rule, String request, List<String> lines) throws IOException {
        for (int piece : PIECES) {
            assertEquals(lines, Wire.lines(parse(request, piece).headers()), rule);
        }
    }

    static Stream<Arguments> refused() {
        String get = "GET / HTTP/1.1\r\n";
        String post = "POST / HTTP/1.1\r\n" + H;
        return Stream.of(
            arguments("two spaces", "GET  / HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("leading space", " GET / HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("trailing space", "GET / HTTP/1.1 \r\n" + H + "\r\n", 400),
            arguments("no version", "GET /\r\n" + H + "\r\n", 400),
            arguments("method not a token", "G(T / HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("lowercase version", "GET / http/1.1\r\n" + H + "\r\n", 400),
            arguments("HTTP/1", "GET / HTTP/1\r\n" + H + "\r\n", 400),
            arguments("HTTP/1.10", "GET / HTTP/1.10\r\n" + H + "\r\n", 400),
            arguments("HTTP/0.9", "GET / HTTP/0.9\r\n" + H + "\r\n", 400),
            arguments("HTTP/2.0", "GET / HTTP/2.0\r\n" + H + "\r\n", 505),
            arguments("HTTP/9.9", "GET / HTTP/9.9\r\n" + H + "\r\n", 505),
            arguments("h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
            arguments("request line too long", "GET /" + "a".repeat(60) + " HTTP/1.1\r\n" + H + "\r\n", 414),
            arguments("request line too long, no LF yet", "GET /" + "a".repeat(300), 414),
            arguments("relative target", "GET a/b HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("* without OPTIONS", "GET * HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("authority-form without CONNECT", "GET h:80 HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("CONNECT without port", "CONNECT example.com HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("CONNECT without host", "CONNECT :443 HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("other scheme", "GET ftp://h/ HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("empty authority", "GET http:///p HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("userinfo", "GET http://u@h/ HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("DEL in target", "GET /a\u007fb HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("HTAB in target", "GET /a\tb HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("NUL in target", "GET /a\u0000b HTTP/1.1\r\n" + H + "\r\n", 400),
            arguments("bare CR ends the request line", "GET / HTTP/1.1\rHost: h\r\n\r\n", 400),
            arguments("CR CR LF", "GET / HTTP/1.1\r\r\n" + H + "\r\n", 400),
            arguments("bare CR in a value", get + "Host: a\rb\r\n\r\n", 400),
            arguments("bare CR as an empty line", get + H + "\r\r\n", 400),
            arguments("empty field name", get + H + ": v\r\n\r\n", 400),
            arguments("space in name", get + H + "X Y: v\r\n\r\n", 400),
            arguments("space before colon", get + "Host : h\r\n\r\n", 400),
            arguments("tab before colon", get + "Host\t: h\r\n\r\n", 400),
            arguments("no colon", get + H + "X-A v\r\n\r\n", 400),
            arguments("name not a token", get + H + "X(A: v\r\n\r\n", 400),
            arguments("high byte in name", get + H + "X\u00e9: v\r\n\r\n", 400),
            arguments("obs-fold", get + H + "X-A: a\r\n b\r\n\r\n", 400),
            arguments("whitespace before the first field", get + " Host: h\r\n\r\n", 400),
            arguments("NUL in value", get + H + "X-A: a\u0000b\r\n\r\n", 400),
            arguments("CTL in value", get + H + "X-A: a\u0001b\r\n\r\n", 400),
            arguments("DEL in value", get + H + "X-A: a\u007f\r\n\r\n", 400),
            arguments("head too large", get + H + ("X-Pad: " + "p".repeat(40) + "\r\n").repeat(5) + "\r\n", 431),
            arguments("head too large, no LF yet", get + H + "X-Pad: " + "p".repeat(300), 431),
            arguments("too many fields", get + H + "X: 1\r\n".repeat(8) + "\r\n", 431),
            arguments("too many empty lines first", "\r\n".repeat(200) + get + H + "\r\n", 431),
            arguments("HTTP/1.1 without Host", get + "\r\n", 400),
            arguments("two Host fields", get + H + "host: i\r\n\r\n", 400),
            arguments("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: h\r\nHost: h\r\n\r\n", 400),
            arguments("Content-Length and Transfer-Encoding",
                post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
            arguments("negative length", post + "Content-Length: -1\r\n\r\n", 400),
            arguments("signed length", post + "Content-Length: +5\r\n\r\n", 400),
            arguments("space inside length", post + "Content-Length: 5 5\r\n\r\n", 400),
            arguments("empty length", post + "Content-Length:\r\n\r\n", 400),
            arguments("hex length", post + "Content-Length: 0x5\r\n\r\n", 400),
            arguments("19-digit length", post + "Content-Length: 1000000000000000000\r\n\r\n", 400),
            arguments("differing list", post + "Content-Length: 5, 6\r\n\r\n", 400),
            arguments("differing lines", post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
            arguments("empty list element", post + "Content-Length: 5,\r\n\r\n", 400),
            arguments("coding before chunked", post + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
            arguments("chunked twice", post + "Transfer-Encoding: chunked, chunked\r\n\r\n", 501),
            arguments("chunked on two lines", post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
                501),
            arguments("identity", post + "Transfer-Encoding: identity\r\n\r\n", 501),
            arguments("empty coding", post + "Transfer-Encoding:\r\n\r\n", 501),
            arguments("Transfer-Encoding in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refused")
    void refused(String rule, String request, int status) {
        for (int piece : PIECES) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> parse(request, piece), rule);
            assertEquals(status, e.status(), rule + ": " + e.getMessage());
        }
    }

    @Test
    void limitsAreInclusive() throws IOException {
        String line = "GET /" + "a".repeat(64 - "GET / HTTP/1.1".length()) + " HTTP/1.1";
        assertEquals(64, line.length());
        for (int piece : PIECES) {
            assertEquals(51, parse(line + "\r\n" + H + "\r\n", piece).target().length());
            assertEquals(414, assertThrows(BadRequestException.class,
                () -> parse(line.replace("/a", "/aa") + "\n" + H + "\r\n", piece)).status());
            String head = "GET / HTTP/1.1\r\n" + H + "X: " + "p".repeat(256 - 16 - 9 - 3 - 4) + "\r\n\r\n";
            assertEquals(256, parse(head, piece).headBytes());
            assertEquals(431, assertThrows(BadRequestException.class, () -> parse(head.replace("X:", "XY:"), piece))
                .status());
            String fields = "GET / HTTP/1.1\r\n" + H + "X: 1\r\n".repeat(7) + "\r\n";
            assertEquals(8, parse(fields, piece).headers().lines().size());
        }
    }

    @Test
    void noFieldCountLimit() throws IOException {
        RequestHeadParser unlimited = new RequestHeadParser(64, 64 * 1024, Integer.MAX_VALUE);
        String request = "GET / HTTP/1.1\r\n" + H + "X: 1\r\n".repeat(1000) + "\r\n";
        assertEquals(1001, unlimited.parse(input(request, 7)).headers().lines().size());
    }

    @Test
    void endOfInputBeforeAnyByteIsNull() throws IOException {
        for (int piece : PIECES) {
            assertNull(parse("", piece));
            assertNull(parse("\r\n\n", piece), "only empty lines: nothing of a request came");
        }
    }

    @Test
    void endOfInputInsideAHeadIsEof() {
        String request = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n";
        for (int cut = 1; cut < request.length(); cut++) {
            String prefix = request.substring(0, cut);
            for (int piece : PIECES) {
                assertThrows(EOFException.class, () -> parse(prefix, piece), "cut at " + cut);
            }
        }
    }

    @Test
    void pipelinedRequestsParseInOrder() throws IOException {
        String first = "POST /one HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        String second = "PUT /two HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nT: 1\r\n\r\n";
        String third = "GET /three HTTP/1.1\r\nHost: h\r\n\r\n";
        String rest = "GET /partial";
        for (int piece : PIECES) {
            ClientInput in = input(first + second + third + rest, piece);
            RequestHead one = PARSER.parse(in);
            assertEquals("/one", one.rawPath());
            assertEquals("hello", new String(Wire.drain(new FixedLengthBody(in, one.contentLength(), () -> { }))));
            RequestHead two = PARSER.parse(in);
            assertEquals("/two", two.rawPath());
            ChunkedBody body = new ChunkedBody(in, () -> { }, 1024, 64);
            assertEquals("abc", new String(Wire.drain(body)));
            assertEquals(List.of("T: 1"), Wire.lines(body.trailers()));
            RequestHead three = PARSER.parse(in);
            assertEquals("/three", three.rawPath());
            if (piece == 0) {
                assertEquals(rest.length(), in.buffered(), "the rest stays buffered");
                assertEquals(rest, new String(in.takeBuffered()));
                assertEquals(0, in.buffered());
            } else {
                assertTrue(in.buffered() <= rest.length());
                assertThrows(EOFException.class, () -> PARSER.parse(in), "the partial fourth head");
            }
        }
    }

    @Test
    void bufferStaysBoundedByTheLimits() {
        for (String flood : new String[] {"GET /" + "a".repeat(100_000), "GET / HTTP/1.1\r\nX: " + "b".repeat(100_000),
            "\r\n".repeat(50_000)}) {
            ClientInput in = input(flood, 4096);
            assertThrows(BadRequestException.class, () -> PARSER.parse(in));
            assertTrue(in.buf.length <= 1024, "buffer grew to " + in.buf.length);
        }
    }
}
