package dev.heddle.server.http1;

import dev.heddle.http.HeaderList;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A chunked request body (RFC 9112 §7.1), decoded: the chunks' data, then -1 once the last
 * chunk and the trailer section were read. Framing errors are a {@link BadRequestException}
 * (400; 431 for trailers over their limit), EOF before the end an {@link EOFException}. Never
 * reads past the body's end, so a pipelined request after it stays in the input.
 */
public final class ChunkedBody extends InputStream {
    /** 16 hex digits hold any size up to Long.MAX_VALUE; more is refused, leading zeros too. */
    private static final int MAX_SIZE_DIGITS = 16;
    /**
     * Go's bound on a chunked body's non-data bytes (net/http/internal/chunked.go, "too much
     * non-data"): each size line is charged, each chunk credits 16 bytes plus twice its size,
     * and more than 16 KiB of excess is refused, so a client cannot keep a connection busy
     * with metadata alone while real data may carry extensions as long as it likes.
     */
    private static final long MAX_EXCESS = 16 * 1024;

    private final ClientInput in;
    private final Runnable beforeFirstRead;
    private final int maxTrailerBytes;
    private final int maxChunkExtensionBytes;
    private long remaining;
    private boolean dataEndPending;
    private boolean finished;
    private boolean started;
    private long excess;
    private HeaderList trailers = new HeaderList(0);

    /**
     * @param beforeFirstRead        runs once, before the first read touches the input (it sends {@code 100 Continue})
     * @param maxTrailerBytes        bytes of trailer fields, line ends included (the final empty line is not counted), else 431
     * @param maxChunkExtensionBytes bytes after one chunk size (whitespace and {@code ;ext}), else 400
     */
    public ChunkedBody(ClientInput in, Runnable beforeFirstRead, int maxTrailerBytes, int maxChunkExtensionBytes) {
        this.in = in;
        this.beforeFirstRead = beforeFirstRead;
        this.maxTrailerBytes = maxTrailerBytes;
        this.maxChunkExtensionBytes = maxChunkExtensionBytes;
    }

    @Override
    public int read() throws IOException {
        if (!nextData()) {
            return -1;
        }
        if (in.pos == in.limit && in.fill() < 0) {
            throw insideChunk();
        }
        consumed(1);
        return in.buf[in.pos++] & 0xFF;
    }

    /** Serves the current chunk; a large read of a large chunk goes from the source straight into {@code b}. */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (finished) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (!nextData()) {
            return -1;
        }
        int n = in.readInto(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw insideChunk();
        }
        consumed(n);
        return n;
    }

    @Override
    public int available() {
        return finished ? 0 : (int) Math.min(in.buffered(), remaining);
    }

    /** The trailer fields; empty until the end of the body was read. */
    public HeaderList trailers() {
        return trailers;
    }

    /** Whether the body was read (or dropped) to its end, trailers included. */
    public boolean finished() {
        return finished;
    }

    /** Whether the input was touched (beforeFirstRead has run): false means no 100 Continue went out. */
    public boolean started() {
        return started;
    }

    /**
     * Reads and drops up to {@code max} data bytes; how many were dropped. Framing after the
     * last dropped byte is read too (up to the next chunk's size line), so a body whose data
     * all fit in {@code max} ends {@link #finished()}.
     */
    public long discard(long max) throws IOException {
        if (max <= 0) {
            return 0;
        }
        long dropped = 0;
        while (nextData() && dropped < max) {
            long n = in.skip(Math.min(max - dropped, remaining));
            if (n < 0) {
                throw insideChunk();
            }
            consumed(n);
            dropped += n;
        }
        return dropped;
    }

    private void consumed(long n) {
        remaining -= n;
        dataEndPending = remaining == 0;
    }

    /** Moves on to the next chunk's data when the current one is used up; false at the end of the body. */
    private boolean nextData() throws IOException {
        if (finished) {
            return false;
        }
        if (!started) {
            started = true;
            beforeFirstRead.run();
        }
        if (remaining > 0) {
            return true;
        }
        if (dataEndPending) {
            dataEnd();
        }
        long size = sizeLine();
        if (size == 0) {
            HeaderList t = new HeaderList();
            FieldSection.read(in, t, (int) Math.min(Integer.MAX_VALUE, maxTrailerBytes + 2L), Integer.MAX_VALUE,
                    "trailer section");
            trailers = t;
            finished = true;
            return false;
        }
        remaining = size;
        return true;
    }

    /** The CRLF (or bare LF, as Go accepts) after a chunk's data: anything else means the size lied. */
    private void dataEnd() throws IOException {
        int lf = in.lineEnd(1);
        if (lf == ClientInput.EOF) {
            throw new EOFException("client closed the connection at the end of a chunk");
        }
        if (lf == ClientInput.TOO_LONG || (lf > in.pos && in.buf[in.pos] != '\r')) {
            throw new BadRequestException(400, "A chunk is not followed by a line end.");
        }
        in.pos = lf + 1;
        dataEndPending = false;
    }

    /** {@code chunk-size [ chunk-ext ] CRLF}: 1 to 16 hex digits, no sign, no leading whitespace. */
    private long sizeLine() throws IOException {
        int lf = in.lineEnd((int) Math.min(Integer.MAX_VALUE - 8, MAX_SIZE_DIGITS + 1L + maxChunkExtensionBytes));
        if (lf == ClientInput.EOF) {
            throw new EOFException("client closed the connection before the last chunk");
        }
        if (lf == ClientInput.TOO_LONG) {
            throw malformed("A chunk size line is too long.");
        }
        byte[] b = in.buf;
        int end = lf > in.pos && b[lf - 1] == '\r' ? lf - 1 : lf;
        long size = 0;
        int i = in.pos;
        for (int d; i < end && (d = hex(b[i])) >= 0; i++) {
            size = size << 4 | d;
        }
        int digits = i - in.pos;
        if (digits == 0 || digits > MAX_SIZE_DIGITS || size < 0) {  // size < 0: 16 digits past Long.MAX_VALUE
            throw malformed("A chunk size is malformed.");
        }
        extension(b, i, end);
        excess = Math.max(0, excess + (lf + 1 - in.pos) - 16 - 2 * Math.min(size, Long.MAX_VALUE / 4));
        if (excess > MAX_EXCESS) {
            throw malformed("The chunked body has too much non-data.");
        }
        in.pos = lf + 1;
        return size;
    }

    /**
     * {@code *( BWS ";" ... )} after the size, ignored but bounded: one chunk's over the limit
     * is refused (and the whole body's by {@link #MAX_EXCESS}). Trailing
     * whitespace alone is accepted (Go trims it); no control character but HTAB (a bare CR).
     */
    private void extension(byte[] b, int from, int to) {
        if (from == to) {
            return;
        }
        if (to - from > maxChunkExtensionBytes) {
            throw malformed("The chunk extensions are too long.");
        }
        int i = from;
        while (i < to && FieldSection.isWhitespace(b[i])) {
            i++;
        }
        if (i < to && b[i] != ';') {
            throw malformed("A chunk size is malformed.");
        }
        for (; i < to; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                throw malformed("A chunk extension contains a control character.");
            }
        }
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private static BadRequestException malformed(String reason) {
        return new BadRequestException(400, reason);
    }

    private static EOFException insideChunk() {
        return new EOFException("client closed the connection inside a chunk");
    }
}
