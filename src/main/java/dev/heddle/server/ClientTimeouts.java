package dev.heddle.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A server's client-side deadlines, as Go's http.Server (and so Caddy) keeps them:
 * <ul>
 * <li>read_header_timeout: from the request line to the end of the headers (slowloris);</li>
 * <li>read_timeout: from the request line to the end of the body (also bounds the headers);</li>
 * <li>write_timeout: from the end of the headers to the end of the response.</li>
 * </ul>
 * Helidon sets no timeout on accepted sockets, so each deadline is a timer that closes the
 * connection (craft.md §7): armed by Helidon's parse events, cancelled by the exchange. One
 * scheduler thread for all connections; it only closes sockets. Durations may change on reload.
 */
final class ClientTimeouts implements Http1ConnectionListener {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    /** One request's timers; fields are touched by its connection's thread and the timer thread. */
    private static final class Deadlines {
        final long startNanos = System.nanoTime();
        volatile ScheduledFuture<?> header;
        volatile ScheduledFuture<?> read;
        volatile ScheduledFuture<?> write;
    }

    private final Map<ConnectionContext, Deadlines> pending = new ConcurrentHashMap<>();
    private volatile long readHeaderNanos;
    private volatile long readNanos;
    private volatile long writeNanos;

    /** Zero read or write timeouts mean none; zero read_header_timeout means Caddy's 1m. */
    ClientTimeouts(Duration readHeader, Duration read, Duration write) {
        update(readHeader, read, write);
    }

    void update(Duration readHeader, Duration read, Duration write) {
        readHeaderNanos = (readHeader.isZero() ? Duration.ofMinutes(1) : readHeader).toNanos();
        readNanos = read.toNanos();
        writeNanos = write.toNanos();
    }

    /** Cancelled timers leave the queue at once: almost every timer is cancelled long before it fires. */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heddle-client-timeouts");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        Deadlines d = new Deadlines();
        Deadlines previous = pending.put(ctx, d);
        if (previous != null) {
            cancelAll(previous);
        }
        long headerNanos = readNanos > 0 ? Math.min(readHeaderNanos, readNanos) : readHeaderNanos;
        d.header = close(ctx, headerNanos, "read_header_timeout");
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Deadlines d = readNanos > 0 || writeNanos > 0 ? pending.get(ctx) : pending.remove(ctx);
        if (d == null) {
            return;
        }
        cancel(d.header);
        if (readNanos > 0) {
            d.read = close(ctx, Math.max(0, readNanos - (System.nanoTime() - d.startNanos)), "read_timeout");
        }
        if (writeNanos > 0) {
            d.write = close(ctx, writeNanos, "write_timeout");
        }
    }

    /** The request body was read to its end: read_timeout no longer applies. */
    void requestRead(ConnectionContext ctx) {
        Deadlines d = ctx == null ? null : pending.get(ctx);
        if (d != null) {
            cancel(d.read);
        }
    }

    /** The exchange is over, or the connection was taken over by an upgrade: no deadline applies. */
    void done(ConnectionContext ctx) {
        Deadlines d = ctx == null ? null : pending.remove(ctx);
        if (d != null) {
            cancelAll(d);
        }
    }

    private ScheduledFuture<?> close(ConnectionContext ctx, long nanos, String which) {
        return TIMERS.schedule(() -> {
            pending.remove(ctx);
            LOG.log(Level.DEBUG, () -> "closing connection from " + ctx.remotePeer().address() + ": " + which + " expired");
            ctx.serverSocket().close();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private static void cancelAll(Deadlines d) {
        cancel(d.header);
        cancel(d.read);
        cancel(d.write);
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
