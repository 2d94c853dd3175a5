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
    private InputStream in;

    LazyBody(Exchange ex) {
        this.ex = ex;
    }

    private InputStream in() {
        if (in == null) {
            in = ex.requestBody();
        }
        return in;
    }

    @Override
    public int read() throws IOException {
        return in().read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in().read(b, off, len);
    }
}
