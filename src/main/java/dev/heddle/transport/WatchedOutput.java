package dev.heddle.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;

/**
 * The transport's write_timeout: a socket write has no timeout of its own, so a write that
 * blocks too long (an upstream that stopped reading) has its socket closed by the
 * {@link Watchdog} and fails as a SocketTimeoutException.
 */
final class WatchedOutput extends OutputStream {
    private final OutputStream out;
    private final Watchdog.Watch watch;
    private final long timeoutNanos;

    WatchedOutput(OutputStream out, Closeable socket, long timeoutNanos) {
        this.out = out;
        this.watch = Watchdog.watch(socket);
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        watch.arm(timeoutNanos);
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            if (watch.fired()) {
                throw new SocketTimeoutException("write timed out after " + timeoutNanos / 1_000_000 + " ms");
            }
            throw e;
        } finally {
            watch.disarm();
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** The connection is closed: stop watching it. */
    void release() {
        watch.release();
    }
}
