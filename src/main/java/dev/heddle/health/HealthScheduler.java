package dev.heddle.health;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one clock of every active health check in the process: a single scheduler thread that
 * only ticks; each tick's work runs on a virtual thread of its own, so a slow or hanging
 * upstream never delays any other check.
 */
final class HealthScheduler {
    private static final ScheduledExecutorService TICKS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heddle-health-ticks");
        t.setDaemon(true);
        return t;
    });

    private HealthScheduler() {
    }

    /** Runs {@code tick} now and then every {@code interval}, until the future is cancelled. */
    static ScheduledFuture<?> every(Duration interval, Runnable tick) {
        return TICKS.scheduleAtFixedRate(tick, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }
}
