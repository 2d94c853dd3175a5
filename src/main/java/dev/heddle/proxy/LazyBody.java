package dev.heddle.proxy;

import io.helidon.webserver.http.ServerRequest;

import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body, opened on the first read: taking Helidon's stream is what sends
 * the client its 100 Continue, and that must wait until the upstream wants the body (or it
 * answered first, and the body is never read).
 */
final class LazyBody extends InputStream {
    private final ServerRequest request;
    private InputStream in;

    LazyBody(ServerRequest request) {
        this.request = request;
    }

    private InputStream in() {
        if (in == null) {
            in = request.content().inputStream();
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
