package dev.heddle.transport;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Timeouts for blocking calls that have none of their own (a socket write, a unix-socket read):
 * a call arms its {@link Watch} with a deadline and disarms it when it returns; one sweeper
 * thread closes what stays past its deadline, which makes the blocked call fail. Arming is a
 * field write, not a timer, so a watched call costs no queue operation or thread wake-up.
 * Deadlines are kept to within one tick (50 ms).
 */
public final class Watchdog {
    private static final long TICK_MILLIS = 50;
    private static final long IDLE = Long.MAX_VALUE;
    private static final Set<Watch> WATCHES = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "heddle-io-watchdog");
        t.setDaemon(true);
        return t;
    });

    static {
        SWEEPER.scheduleWithFixedDelay(Watchdog::sweep, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    private Watchdog() {
    }

    /** One watched resource; its calls arm and disarm it in turn. */
    public static final class Watch {
        private final Closeable target;
        private volatile long deadline = IDLE;
        private volatile boolean fired;

        private Watch(Closeable target) {
            this.target = target;
        }

        public void arm(long timeoutNanos) {
            deadline = System.nanoTime() + timeoutNanos;
        }

        public void disarm() {
            deadline = IDLE;
        }

        /** Whether the watchdog closed the target (the failed call timed out). */
        public boolean fired() {
            return fired;
        }

        /** The target is closed for good: stop watching it. */
        public void release() {
            WATCHES.remove(this);
        }
    }

    public static Watch watch(Closeable target) {
        Watch w = new Watch(target);
        WATCHES.add(w);
        return w;
    }

    private static void sweep() {
        long now = System.nanoTime();
        for (Watch w : WATCHES) {
            long d = w.deadline;
            if (d != IDLE && now - d > 0) {
                w.fired = true;
                w.deadline = IDLE;
                WATCHES.remove(w);
                try {
                    w.target.close();
                } catch (IOException | RuntimeException ignored) {
                    // closed already
                }
            }
        }
    }
}
