package dev.heddle.server.http1;

import java.io.IOException;
import java.util.Arrays;

/**
 * The read side of one client connection: a byte buffer over a source of reads, shared by the
 * head parser and the body readers so that bytes read past one message (a pipelined request)
 * are never lost. The parser scans {@link #buf} between {@link #pos} and {@link #limit}
 * directly; the buffer grows only while a line is incomplete and the buffer is full of it, so
 * its size stays bounded by the longest line the callers allow (see {@link #lineEnd}).
 */
public final class ClientInput {

    /** Where bytes come from (the socket). Blocks until at least one byte is read; -1 at EOF. */
    public interface Source {
        int read(byte[] buf, int off, int len) throws IOException;
    }

    /** {@link #lineEnd} found no LF before EOF. */
    static final int EOF = -1;
    /** {@link #lineEnd} found no LF within the allowed length. */
    static final int TOO_LONG = -2;

    private final Source source;
    private final int initialCapacity;
    /** Bytes read; {@code [pos, limit)} are not consumed yet. Package-private for scanning. */
    byte[] buf;
    int pos;
    int limit;

    public ClientInput(Source source, int initialCapacity) {
        this.source = source;
        this.initialCapacity = Math.max(16, initialCapacity);
        this.buf = new byte[this.initialCapacity];
    }

    /** Bytes already read from the socket by someone else (a sniffed TLS or PROXY preamble); consumed first. */
    public void preload(byte[] bytes, int off, int len) {
        makeRoom(len);
        System.arraycopy(bytes, off, buf, limit, len);
        limit += len;
    }

    /** Bytes read but not consumed: the start of the next (pipelined) request, if any. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Between requests: a buffer grown for one long head goes back to its first size, so an
     * idle keep-alive connection never holds a megabyte for a head it read minutes ago.
     */
    public void shrink() {
        if (pos == limit && buf.length > 4 * initialCapacity) {
            buf = new byte[initialCapacity];
            pos = 0;
            limit = 0;
        }
    }

    /** Removes and returns the buffered bytes (an upgraded connection hands them to its tunnel). */
    public byte[] takeBuffered() {
        byte[] rest = Arrays.copyOfRange(buf, pos, limit);
        pos = 0;
        limit = 0;
        return rest;
    }

    /** Takes the buffered bytes and drops the buffer: the connection was handed over and reads the socket itself. */
    public byte[] release() {
        byte[] rest = takeBuffered();
        buf = new byte[16];
        return rest;
    }

    /**
     * Reads more bytes after {@link #limit}, compacting or growing the buffer when it is full;
     * the number read, or -1 at EOF. {@link #pos} may move: indexes into {@link #buf} taken
     * before the call are stale after it.
     */
    int fill() throws IOException {
        if (pos == limit) {
            pos = 0;
            limit = 0;
        }
        makeRoom(1);
        int n = source.read(buf, limit, buf.length - limit);
        if (n == 0) {
            // A blocking source never returns 0: looping on it would spin without end.
            throw new IOException("the connection's source returned no bytes");
        }
        if (n > 0) {
            limit += n;
        }
        return n;
    }

    /** Ensures {@code n} free bytes after limit: compacts first, grows (doubling) only when that is not enough. */
    private void makeRoom(int n) {
        if (buf.length - limit >= n) {
            return;
        }
        int unread = limit - pos;
        if (buf.length - unread >= n) {
            System.arraycopy(buf, pos, buf, 0, unread);
        } else {
            byte[] bigger = new byte[Math.max(buf.length * 2, unread + n)];
            System.arraycopy(buf, pos, bigger, 0, unread);
            buf = bigger;
        }
        pos = 0;
        limit = unread;
    }

    /**
     * The index in {@link #buf} of the next LF at or after {@link #pos}, reading as needed;
     * {@link #TOO_LONG} when more than {@code max} bytes come before it, {@link #EOF} when the
     * source ends first. Bytes already scanned are not scanned again after a read. The buffer
     * only has to grow while fewer than {@code max + 1} unread bytes fill it, which is what
     * bounds its size by the callers' limits.
     */
    int lineEnd(int max) throws IOException {
        if (max < 0) {
            return TOO_LONG;
        }
        int scanned = 0;
        while (true) {
            byte[] b = buf;
            int end = (int) Math.min(limit, (long) pos + max + 1);  // an LF at relative index max is allowed
            for (int i = pos + scanned; i < end; i++) {
                if (b[i] == '\n') {
                    return i;
                }
            }
            scanned = end - pos;
            if (scanned > max) {
                return TOO_LONG;
            }
            if (fill() < 0) {
                return EOF;
            }
        }
    }

    /**
     * Copies buffered bytes first; with none buffered, a read at least the buffer's size goes
     * from the source straight into {@code b} (body bytes are not copied twice), a smaller one
     * fills the buffer (what it reads past {@code len} stays buffered). -1 at EOF.
     */
    int readInto(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buf.length) {
                int n = source.read(b, off, len);
                if (n == 0) {
                    throw new IOException("the connection's source returned no bytes");
                }
                return n;
            }
            if (fill() < 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Drops up to {@code n} bytes (buffered ones, else one read's worth); the number dropped, -1 at EOF. */
    long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        if (pos == limit && fill() < 0) {
            return -1;
        }
        int dropped = (int) Math.min(n, limit - pos);
        pos += dropped;
        return dropped;
    }
}
