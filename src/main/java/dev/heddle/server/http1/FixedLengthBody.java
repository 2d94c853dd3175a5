package dev.heddle.server.http1;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A request body framed by Content-Length (RFC 9112 §6.2): exactly {@code length} bytes, then
 * -1. Never reads past its end, so a pipelined request after it stays in the input.
 */
public final class FixedLengthBody extends InputStream {
    private final ClientInput in;
    private final long length;
    private final Runnable beforeFirstRead;
    private long remaining;
    private boolean started;

    /**
     * @param beforeFirstRead runs once, before the first read touches the input (it sends
     *                        {@code 100 Continue}); not at all when nothing is read
     */
    public FixedLengthBody(ClientInput in, long length, Runnable beforeFirstRead) {
        this.in = in;
        this.length = length;
        this.remaining = length;
        this.beforeFirstRead = beforeFirstRead;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        start();
        if (in.pos == in.limit && in.fill() < 0) {
            throw prematureEnd();
        }
        remaining--;
        return in.buf[in.pos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        start();
        int n = in.readInto(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw prematureEnd();
        }
        remaining -= n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(in.buffered(), remaining);
    }

    /** Bytes of the body not read yet. */
    public long remaining() {
        return remaining;
    }

    /** Whether every byte of the body was read (or dropped). */
    public boolean finished() {
        return remaining == 0;
    }

    /** Whether the input was touched (beforeFirstRead has run): false means no 100 Continue went out. */
    public boolean started() {
        return started;
    }

    /** Reads and drops up to {@code max} bytes (settling a body the handler left); how many were dropped. */
    public long discard(long max) throws IOException {
        long dropped = 0;
        while (dropped < max && remaining > 0) {
            start();
            long n = in.skip(Math.min(max - dropped, remaining));
            if (n < 0) {
                throw prematureEnd();
            }
            remaining -= n;
            dropped += n;
        }
        return dropped;
    }

    private void start() {
        if (!started) {
            started = true;
            beforeFirstRead.run();
        }
    }

    private EOFException prematureEnd() {
        return new EOFException("client closed the connection after " + (length - remaining) + " of " + length
                + " body bytes");
    }
}
