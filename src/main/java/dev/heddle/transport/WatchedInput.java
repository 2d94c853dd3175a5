package dev.heddle.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;

/**
 * Read timeouts for a channel's stream, which has no SO_TIMEOUT (unix sockets): a read that
 * takes too long has its channel closed by the {@link Watchdog} and fails as a
 * SocketTimeoutException, just as a TCP socket's timed-out read does.
 */
final class WatchedInput extends InputStream {
    private final InputStream in;
    private final Watchdog.Watch watch;
    private volatile long timeoutMillis;

    WatchedInput(InputStream in, Channel channel) {
        this.in = in;
        this.watch = Watchdog.watch(channel);
    }

    void timeoutMillis(long millis) {
        this.timeoutMillis = millis;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        long timeout = timeoutMillis;
        if (timeout <= 0) {
            return in.read(b, off, len);
        }
        watch.arm(timeout * 1_000_000L);
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            if (watch.fired()) {
                throw new SocketTimeoutException("read timed out after " + timeout + " ms");
            }
            throw e;
        } finally {
            watch.disarm();
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    /** The connection is closed: stop watching it. */
    void release() {
        watch.release();
    }
}
