package dev.heddle.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An upstream connection after {@code 101 Switching Protocols}: raw bytes both ways, no HTTP.
 * Bytes the upstream sent right after its 101 come first from {@link #in()}. Owned by whoever
 * took it over; {@link #close()} from any thread unblocks a read in progress.
 */
public final class UpgradedConnection implements AutoCloseable {
    private final Http1Connection conn;
    private final InputStream in;

    UpgradedConnection(Http1Connection conn) {
        this.conn = conn;
        this.in = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return conn.read(b, off, len);
            }
        };
    }

    public InputStream in() {
        return in;
    }

    /** Buffered: flush after each write. */
    public OutputStream out() {
        return conn.out;
    }

    @Override
    public void close() {
        conn.close();
    }
}
