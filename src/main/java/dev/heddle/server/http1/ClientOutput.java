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
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (count == buf.length) {
                flushBuffer();
            }
            buf[count++] = c == '\r' || c == '\n' || c == 0 ? (byte) ' ' : c > 0xFF ? (byte) '?' : (byte) c;
        }
    }

    void writeAscii(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    void crlf() throws IOException {
        write('\r');
        write('\n');
    }

    /** Decimal digits of a non-negative number. */
    void writeNumber(long n) throws IOException {
        writeText(Long.toString(n));
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
