package dev.heddle.server.http1;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The write side of one client connection: one buffer, written to the socket only on
 * {@link #flush()} or when full, so a head and a small body leave in one write. Writes larger
 * than the buffer go straight to the socket after what is buffered. The buffer is allocated at
 * the first write (a connection waiting on a slow upstream holds none) and dropped when an
 * upgraded stream takes the sink over. Not thread-safe: the connection's thread writes.
 */
final class ClientOutput extends OutputStream {
    /** Where bytes go (the socket); writes everything or throws. */
    interface Sink {
        void write(byte[] b, int off, int len) throws IOException;
    }

    private final Sink sink;
    private final int size;
    private byte[] buf;
    private int count;

    ClientOutput(Sink sink, int size) {
        if (size < 20) {
            throw new IllegalArgumentException("a buffer of " + size + " bytes cannot hold a number");  // writeNumber
        }
        this.sink = sink;
        this.size = size;
    }

    private byte[] buf() {
        if (buf == null) {
            buf = new byte[size];
        }
        return buf;
    }

    /** Flushes and drops the buffer (the connection was handed over). */
    void release() throws IOException {
        flushBuffer();
        buf = null;
    }

    @Override
    public void write(int b) throws IOException {
        byte[] buf = buf();
        if (count == buf.length) {
            flushBuffer();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        byte[] buf = buf();
        if (len <= buf.length - count) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
            return;
        }
        if (len < buf.length) {
            flushBuffer();
            System.arraycopy(b, off, buf, 0, len);
            count = len;
            return;
        }
        flushBuffer();
        sink.write(b, off, len);
    }

    /** Writes a string's chars as bytes (ISO-8859-1), CR, LF and NUL turned into spaces (no response splitting). */
    void writeText(String s) throws IOException {
        byte[] buf = buf();
        int n = s.length();
        if (n > buf.length - count) {
            flushBuffer();
        }
        int i = 0;
        while (i < n) {
            // What fits is converted without a bounds check per char (every field of every response).
            int end = Math.min(n, i + buf.length - count);
            int c0 = count;
            for (; i < end; i++) {
                buf[c0++] = latin1(s.charAt(i));
            }
            count = c0;
            if (i < n) {
                flushBuffer();
            }
        }
    }

    private static byte latin1(char c) {
        return c == '\r' || c == '\n' || c == 0 ? (byte) ' ' : c > 0xFF ? (byte) '?' : (byte) c;
    }

    void writeAscii(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void crlf() throws IOException {
        write('\r');
        write('\n');
    }

    /** Decimal digits of a non-negative number (written in place: a status and a length per response). */
    void writeNumber(long n) throws IOException {
        if (n < 0) {
            throw new IllegalArgumentException("negative: " + n);
        }
        int digits = 1;
        for (long v = n; v >= 10; v /= 10) {
            digits++;
        }
        byte[] buf = buf();
        if (digits > buf.length - count) {
            flushBuffer();
        }
        for (int i = count + digits - 1; i >= count; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        count += digits;
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            sink.write(buf, 0, n);
        }
    }
}
