package dev.heddle.transport;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The clock of every connection pool's idle sweep (one daemon thread for the process): pools
 * close what outlived keep_alive.idle_timeout even when nobody asks for that address again.
 */
public final class PoolSweeper {
    private static final ScheduledExecutorService SWEEPS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heddle-pool-sweep");
        t.setDaemon(true);
        return t;
    });

    private PoolSweeper() {
    }

    /** Sweeps {@code pool} every half idle timeout (50 ms to 30 s), until the future is cancelled. */
    static ScheduledFuture<?> sweep(ConnectionPool pool, long idleTimeoutNanos) {
        return sweep(pool::closeIdle, idleTimeoutNanos);
    }

    /** Runs {@code closeIdle(now)} every half idle timeout (50 ms to 30 s), until the future is cancelled. */
    public static ScheduledFuture<?> sweep(java.util.function.LongConsumer closeIdle, long idleTimeoutNanos) {
        long period = Math.clamp(idleTimeoutNanos / 2, TimeUnit.MILLISECONDS.toNanos(50), TimeUnit.SECONDS.toNanos(30));
        return SWEEPS.scheduleWithFixedDelay(() -> closeIdle.accept(System.nanoTime()), period, period, TimeUnit.NANOSECONDS);
    }
}
