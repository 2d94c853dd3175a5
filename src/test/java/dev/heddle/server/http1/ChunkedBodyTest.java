package dev.heddle.server.http1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.heddle.server.http1.Wire.PIECES;
import static dev.heddle.server.http1.Wire.bytes;
import static dev.heddle.server.http1.Wire.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Chunked request bodies (RFC 9112 §7.1): trailers at most 64 bytes, extensions at most 64 bytes per chunk. */
class ChunkedBodyTest {
    private static final String NEXT = "GET /next HTTP/1.1\r\n";

    private static ChunkedBody body(ClientInput in) {
        return new ChunkedBody(in, () -> { }, 64, 64);
    }

    static Stream<Arguments> decoded() {
        return Stream.of(
            arguments("one chunk", "5\r\nhello\r\n0\r\n\r\n", "hello", List.of()),
            arguments("several chunks", "3\r\nabc\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n", "abcdef", List.of()),
            arguments("empty body", "0\r\n\r\n", "", List.of()),
            arguments("hex digits, both cases", "A\r\n0123456789\r\nb\r\nabcdefghijk\r\n0\r\n\r\n",
                "0123456789abcdefghijk", List.of()),
            arguments("16 digits with leading zeros", "0000000000000003\r\nabc\r\n0000000000000000\r\n\r\n", "abc", List.of()),
            arguments("extensions", "3;name=value\r\nabc\r\n0;last\r\n\r\n", "abc", List.of()),
            arguments("extensions with BWS and quotes", "3 ; a = \"q;v\" ;b\r\nabc\r\n0\r\n\r\n", "abc", List.of()),
            arguments("trailing whitespace, as Go", "3 \t\r\nabc\r\n0\r\n\r\n", "abc", List.of()),
            arguments("bare LF line ends", "3\nabc\n0\n\n", "abc", List.of()),
            arguments("line-end bytes as data", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n", List.of()),
            arguments("trailers", "2\r\nok\r\n0\r\nT1: a\r\nt2:  b \r\n\r\n", "ok", List.of("T1: a", "t2: b")),
            arguments("high bytes", "2\r\n\u00c3\u00a9\r\n0\r\nT: \u00ff\r\n\r\n", "\u00c3\u00a9", List.of("T: \u00ff")),
            // Extensions on every chunk of real data never add up to "too much non-data" (Go's rule).
            arguments("extensions on 400 data chunks", ("40;" + "e".repeat(60) + "\r\n" + "d".repeat(64) + "\r\n").repeat(400)
                + "0\r\n\r\n", "d".repeat(64 * 400), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoded")
    void decodes(String rule, String wire, String data, List<String> trailers) throws IOException {
        for (int piece : PIECES) {
            ClientInput in = input(wire + NEXT, piece);
            ChunkedBody body = body(in);
            assertEquals(List.of(), Wire.lines(body.trailers()), "no trailers before the end");
            assertArrayEquals(bytes(data), Wire.drain(body), rule + ", " + piece);
            assertTrue(body.finished(), rule);
            assertEquals(trailers, Wire.lines(body.trailers()), rule);
            assertEquals(-1, body.read(), "stays at its end");
            assertEquals(NEXT, rest(in), rule + ": nothing read past the body");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decoded")
    void decodesByteByByte(String rule, String wire, String data, List<String> trailers) throws IOException {
        ChunkedBody body = body(input(wire, 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int b; (b = body.read()) >= 0; ) {
            out.write(b);
        }
        assertArrayEquals(bytes(data), out.toByteArray(), rule);
    }

    static Stream<Arguments> refused() {
        // 63 extension bytes on one data byte: Go's bound (16 KiB of non-data beyond 16 + 2x each
        // chunk's size) is passed after about 340 such chunks.
        String ext63 = "1;" + "e".repeat(62) + "\r\nx\r\n";
        return Stream.of(
            arguments("negative size", "-5\r\nhello\r\n0\r\n\r\n", 400),
            arguments("signed size", "+5\r\nhello\r\n0\r\n\r\n", 400),
            arguments("leading whitespace", " 5\r\nhello\r\n0\r\n\r\n", 400),
            arguments("empty size", "\r\nhello\r\n0\r\n\r\n", 400),
            arguments("not hex", "g\r\n", 400),
            arguments("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", 400),
            arguments("junk after the size", "5x\r\nhello\r\n0\r\n\r\n", 400),
            arguments("17 digits", "00000000000000005\r\nhello\r\n0\r\n\r\n", 400),
            arguments("past Long.MAX_VALUE", "8000000000000000\r\n", 400),
            arguments("bare CR after the size", "3\rabc\r\n0\r\n\r\n", 400),
            arguments("data longer than its size", "5\r\nhelloX\r\n0\r\n\r\n", 400),
            arguments("CR CR LF after data", "5\r\nhello\r\r\n0\r\n\r\n", 400),
            arguments("bare CR after data", "5\r\nhello\rX0\r\n\r\n", 400),
            arguments("CTL in an extension", "3;a\u0001b\r\nabc\r\n0\r\n\r\n", 400),
            arguments("one extension too long", "3;" + "e".repeat(64) + "\r\nabc\r\n0\r\n\r\n", 400),
            arguments("size line too long, no LF yet", "3;" + "e".repeat(500), 400),
            arguments("too much non-data in all", ext63.repeat(400) + "0\r\n\r\n", 400),
            arguments("malformed trailer", "0\r\nBad Name: v\r\n\r\n", 400),
            arguments("folded trailer", "0\r\nT: a\r\n b\r\n\r\n", 400),
            arguments("CTL in a trailer", "0\r\nT: a\u0000\r\n\r\n", 400),
            arguments("trailers too large", "0\r\nT: " + "t".repeat(70) + "\r\n\r\n", 431));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("refused")
    void refused(String rule, String wire, int status) {
        for (int piece : PIECES) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> Wire.drain(body(input(wire, piece))),
                rule);
            assertEquals(status, e.status(), rule + ": " + e.getMessage());
        }
    }

    @Test
    void extensionLimitsAreInclusive() throws IOException {
        String ext64 = "1;" + "e".repeat(63) + "\r\nx\r\n";  // 64 extension bytes a chunk, 16 chunks
        assertArrayEquals(bytes("x".repeat(16)), Wire.drain(body(input(ext64.repeat(16) + "0\r\n\r\n", 7))));
        String trailer64 = "T: " + "t".repeat(59) + "\r\n";
        assertEquals(64, trailer64.length());
        ChunkedBody body = body(input("0\r\n" + trailer64 + "\r\n", 7));
        Wire.drain(body);
        assertEquals(1, body.trailers().lines().size());
    }

    static Stream<Arguments> truncated() {
        return Stream.of(
            arguments("nothing", ""),
            arguments("inside a size line", "5"),
            arguments("inside a chunk", "5\r\nhel"),
            arguments("at the end of a chunk", "5\r\nhello"),
            arguments("inside the CRLF after data", "5\r\nhello\r"),
            arguments("before the last chunk", "5\r\nhello\r\n"),
            arguments("before the trailers' end", "0\r\n"),
            arguments("inside the trailers", "0\r\nT: 1\r\n"),
            arguments("inside a huge chunk", "7fffffffffffffff\r\nab"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void endOfInputBeforeTheEndIsEof(String rule, String wire) {
        for (int piece : PIECES) {
            assertThrows(EOFException.class, () -> Wire.drain(body(input(wire, piece))), rule);
        }
    }

    @Test
    void everyPrefixOfABodyIsEof() {
        String wire = "3;x=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n";
        for (int cut = 0; cut < wire.length(); cut++) {
            String prefix = wire.substring(0, cut);
            for (int piece : PIECES) {
                assertThrows(EOFException.class, () -> Wire.drain(body(input(prefix, piece))), "cut at " + cut);
            }
        }
    }

    @Test
    void continueHookRunsOnceOnFirstRead() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        ChunkedBody body = new ChunkedBody(input("3\r\nabc\r\n0\r\n\r\n", 1), runs::incrementAndGet, 64, 64);
        assertEquals(0, runs.get(), "not on construction");
        assertFalse(body.started());
        assertEquals(0, body.read(new byte[4], 0, 0), "an empty read touches nothing");
        assertEquals(0, body.discard(0));
        assertEquals(0, runs.get());
        assertEquals('a', body.read());
        assertEquals(1, runs.get());
        assertTrue(body.started());
        Wire.drain(body);
        assertEquals(1, runs.get(), "exactly once");
    }

    @Test
    void continueHookRunsBeforeADiscard() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        ChunkedBody body = new ChunkedBody(input("3\r\nabc\r\n0\r\n\r\n", 1), runs::incrementAndGet, 64, 64);
        assertEquals(3, body.discard(10));
        assertEquals(1, runs.get());
    }

    @Test
    void discardDropsDataUpToMax() throws IOException {
        for (int piece : PIECES) {
            ClientInput in = input("3\r\nabc\r\n4\r\ndefg\r\n0\r\nT: 1\r\n\r\n" + NEXT, piece);
            ChunkedBody body = body(in);
            assertEquals(2, body.discard(2));
            assertFalse(body.finished());
            assertEquals('c', body.read(), "discard drops exactly max bytes");
            assertEquals(4, body.discard(4), "exactly the rest of the data");
            assertTrue(body.finished(), "the framing after the last dropped byte is read too");
            assertEquals(List.of("T: 1"), Wire.lines(body.trailers()));
            assertEquals(0, body.discard(100));
            assertEquals(NEXT, rest(in));
        }
    }

    @Test
    void discardReportsEof() {
        assertThrows(EOFException.class, () -> body(input("5\r\nab", 1)).discard(100));
    }

    @Test
    void largeReadsGoStraightIntoTheCallersArray() throws IOException {
        byte[] data = bytes("3e8\r\n" + "x".repeat(1000) + "\r\n0\r\n\r\n");
        byte[] target = new byte[1000];
        boolean[] direct = {false};
        ClientInput.Source wire = Wire.source(data, 4096);
        ClientInput in = new ClientInput((buf, off, len) -> {
            direct[0] |= buf == target;
            return wire.read(buf, off, len);
        }, 16);
        ChunkedBody body = body(in);
        int total = 0;
        for (int n; (n = body.read(target, total, target.length - total)) > 0 && total + n < 1000; ) {
            total += n;
        }
        assertTrue(direct[0], "a large read of a large chunk skips the connection buffer");
    }

    /** What the input holds after the body: buffered bytes, then the rest of the source. */
    static String rest(ClientInput in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64];
        for (int n; (n = in.readInto(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
