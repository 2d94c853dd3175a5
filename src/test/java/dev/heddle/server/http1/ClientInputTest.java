package dev.heddle.server.http1;

import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.heddle.server.http1.Wire.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The connection's read buffer. */
class ClientInputTest {
    @Test
    void preloadedBytesComeFirst() throws IOException {
        ClientInput in = new ClientInput(Wire.source(bytes(" HTTP/1.1\r\nHost: h\r\n\r\n"), 2), 16);
        in.preload(bytes("xxGET /"), 2, 5);
        assertEquals(5, in.buffered());
        RequestHead head = new RequestHeadParser(64, 256, 8).parse(in);
        assertEquals("GET / HTTP/1.1", head.toString());
    }

    @Test
    void preloadGrowsTheBuffer() {
        ClientInput in = new ClientInput(Wire.source(new byte[0], 1), 16);
        byte[] big = bytes("z".repeat(100));
        in.preload(big, 0, 100);
        in.preload(big, 0, 1);
        assertEquals(101, in.buffered());
    }

    @Test
    void takeBufferedEmptiesTheBuffer() throws IOException {
        ClientInput in = new ClientInput(Wire.source(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\ntunnel bytes"), 64), 64);
        new RequestHeadParser(64, 256, 8).parse(in);
        assertEquals(12, in.buffered());
        assertArrayEquals(bytes("tunnel bytes"), in.takeBuffered());
        assertEquals(0, in.buffered());
        assertEquals(-1, in.fill());
    }

    @Test
    void readIntoServesBufferedBytesFirst() throws IOException {
        ClientInput in = new ClientInput(Wire.source(bytes("cdef"), 100), 16);
        in.preload(bytes("ab"), 0, 2);
        byte[] b = new byte[100];
        assertEquals(2, in.readInto(b, 0, 100), "one read: the buffered bytes only");
        assertEquals(4, in.readInto(b, 2, 98));
        assertEquals("abcdef", new String(b, 0, 6, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(-1, in.readInto(b, 0, 100));
    }

    @Test
    void aSourceReturningNothingIsAnError() {
        ClientInput in = new ClientInput((buf, off, len) -> 0, 16);
        assertThrows(IOException.class, in::fill);
        assertThrows(IOException.class, () -> in.readInto(new byte[64], 0, 64));
    }
}
