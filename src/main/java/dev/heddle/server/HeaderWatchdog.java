package dev.heddle.server;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * read_header_timeout (slowloris): from the request line to the end of the headers a client
 * has this long, or its connection is closed. Helidon sets no read timeout on accepted sockets,
 * so the timer is armed when the request line is parsed and cancelled when the headers are
 * (craft.md §7). One scheduler thread for all connections; it only closes sockets.
 */
final class HeaderWatchdog implements Http1ConnectionListener {
    private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heddle-header-timeout");
        t.setDaemon(true);
        return t;
    });

    private final long timeoutNanos;
    private final Map<ConnectionContext, ScheduledFuture<?>> pending = new ConcurrentHashMap<>();

    HeaderWatchdog(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        ScheduledFuture<?> close = TIMERS.schedule(() -> {
            pending.remove(ctx);
            ctx.serverSocket().close();
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        ScheduledFuture<?> previous = pending.put(ctx, close);
        if (previous != null) {
            previous.cancel(false);
        }
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        ScheduledFuture<?> close = pending.remove(ctx);
        if (close != null) {
            close.cancel(false);
        }
    }
}
