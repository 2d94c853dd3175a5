package dev.heddle.server.http1;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.heddle.server.http1.Wire.PIECES;
import static dev.heddle.server.http1.Wire.bytes;
import static dev.heddle.server.http1.Wire.input;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Content-Length request bodies (RFC 9112 §6.2). */
class FixedLengthBodyTest {
    private static final String NEXT = "GET /next HTTP/1.1\r\n";

    @ParameterizedTest(name = "{0} bytes of ''{1}''")
    @CsvSource({
        "0, ''",
        "1, x",
        "5, hello",
        "13, 'hello\r\n\r\nGET '"
    })
    void readsExactlyItsLength(long length, String data) throws IOException {
        for (int piece : PIECES) {
            ClientInput in = input(data + NEXT, piece);
            FixedLengthBody body = new FixedLengthBody(in, length, () -> { });
            assertEquals(length == 0, body.finished());
            assertArrayEquals(bytes(data), Wire.drain(body));
            assertTrue(body.finished());
            assertEquals(-1, body.read());
            assertEquals(NEXT, ChunkedBodyTest.rest(in), "nothing read past the body");
        }
    }

    @Test
    void readsByteByByte() throws IOException {
        FixedLengthBody body = new FixedLengthBody(input("abc", 1), 3, () -> { });
        assertEquals('a', body.read());
        assertEquals('b', body.read());
        assertEquals('c', body.read());
        assertEquals(-1, body.read());
    }

    @ParameterizedTest
    @CsvSource({"5, hel, 3", "5, '', 0", "1, '', 0"})
    void prematureEndIsEof(long length, String sent, int got) {
        for (int piece : PIECES) {
            EOFException e = assertThrows(EOFException.class,
                () -> Wire.drain(new FixedLengthBody(input(sent, piece), length, () -> { })));
            assertEquals("client closed the connection after " + got + " of " + length + " body bytes", e.getMessage());
        }
    }

    @Test
    void continueHookRunsOnceOnFirstRead() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        FixedLengthBody body = new FixedLengthBody(input("abc", 1), 3, runs::incrementAndGet);
        assertEquals(0, runs.get(), "not on construction");
        assertEquals(0, body.read(new byte[3], 0, 0));
        assertEquals(0, body.discard(0));
        assertFalse(body.started());
        assertEquals(0, runs.get(), "nothing touched the input yet");
        assertEquals('a', body.read());
        assertEquals(1, runs.get());
        Wire.drain(body);
        body.discard(10);
        assertEquals(1, runs.get(), "exactly once");
    }

    @Test
    void continueHookNeverRunsForAnEmptyBody() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        FixedLengthBody body = new FixedLengthBody(input("", 1), 0, runs::incrementAndGet);
        assertEquals(-1, body.read());
        assertEquals(0, body.discard(10));
        assertEquals(0, runs.get(), "nothing to continue for");
    }

    @Test
    void continueHookRunsBeforeADiscard() throws IOException {
        AtomicInteger runs = new AtomicInteger();
        assertEquals(3, new FixedLengthBody(input("abc", 1), 3, runs::incrementAndGet).discard(10));
        assertEquals(1, runs.get());
    }

    @Test
    void discardDropsUpToMax() throws IOException {
        for (int piece : PIECES) {
            ClientInput in = input("0123456789" + NEXT, piece);
            FixedLengthBody body = new FixedLengthBody(in, 10, () -> { });
            assertEquals(4, body.discard(4));
            assertFalse(body.finished());
            assertEquals('4', body.read(), "exactly max bytes dropped");
            assertEquals(5, body.discard(100), "no more than the body");
            assertTrue(body.finished());
            assertEquals(0, body.discard(100));
            assertEquals(NEXT, ChunkedBodyTest.rest(in));
        }
    }

    @Test
    void discardReportsEof() {
        assertThrows(EOFException.class, () -> new FixedLengthBody(input("ab", 1), 5, () -> { }).discard(100));
    }

    @Test
    void largeReadsGoStraightIntoTheCallersArray() throws IOException {
        byte[] target = new byte[1000];
        boolean[] direct = {false};
        ClientInput.Source wire = Wire.source(bytes("y".repeat(1000)), 4096);
        ClientInput in = new ClientInput((buf, off, len) -> {
            direct[0] |= buf == target;
            return wire.read(buf, off, len);
        }, 16);
        assertEquals(1000, new FixedLengthBody(in, 1000, () -> { }).read(target, 0, 1000));
        assertTrue(direct[0]);
    }
}
