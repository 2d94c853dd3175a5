package dev.heddle.proxy;

import dev.heddle.http.Exchange;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body, opened on the first read: the first read is what sends the client
 * its 100 Continue, and that must wait until the upstream wants the body (or it answered
 * first, and the body is never read).
 */
final class LazyBody extends InputStream {
    private final Exchange ex;
    private final long length;
    private long read;
    private InputStream in;

    /** @param length the declared Content-Length, or -1 (chunked) */
    LazyBody(Exchange ex, long length) {
        this.ex = ex;
        this.length = length;
    }

    private InputStream in() {
        if (in == null) {
            in = ex.requestBody();
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        int c = in().read();
        counted(c < 0 ? -1 : 1);
        return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return counted(in().read(b, off, len));
    }

    /** A body copied by its length may never be read to EOF: its last byte also ends it. */
    private int counted(int n) {
        if (n > 0) {
            read += n;
        }
        if (n < 0 || read == length) {
            ex.requestRead();
        }
        return n;
    }
}
