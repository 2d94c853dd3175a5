package dev.heddle.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.channels.Channel;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Read timeouts for a channel's stream, which has no SO_TIMEOUT (unix sockets): a read that
 * takes too long has its channel closed by a watchdog and fails as a SocketTimeoutException,
 * just as a TCP socket's timed-out read does.
 */
final class WatchedInput extends InputStream {
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private final InputStream in;
    private final Channel channel;
    private volatile long timeoutMillis;
    private volatile boolean timedOut;

    WatchedInput(InputStream in, Channel channel) {
        this.in = in;
        this.channel = channel;
    }

    /** Cancelled watches are removed at once: most reads finish long before their deadline. */
    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heddle-unix-read-timeout");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
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
        ScheduledFuture<?> watch = WATCHDOG.schedule(() -> {
            timedOut = true;
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed already
            }
        }, timeout, TimeUnit.MILLISECONDS);
        try {
            return in.read(b, off, len);
        } catch (IOException e) {
            if (timedOut) {
                throw new SocketTimeoutException("read timed out after " + timeout + " ms");
            }
            throw e;
        } finally {
            watch.cancel(false);
        }
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }
}
