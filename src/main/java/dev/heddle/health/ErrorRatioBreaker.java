package dev.heddle.health;

import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.upstream.CircuitBreaker;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Heddle's built-in circuit breaker for one upstream ({@code "type": "error_ratio"}).
 * <ol>
 *   <li>CLOSED: outcomes are counted in a sliding window of ten buckets; when the window holds
 *       at least min_requests and the error share reaches error_ratio, it opens;</li>
 *   <li>OPEN: the upstream counts as unhealthy until the cooldown has passed;</li>
 *   <li>HALF_OPEN: requests go through again; half_open_successes successes in a row close it,
 *       one error opens it again.</li>
 * </ol>
 */
public final class ErrorRatioBreaker implements CircuitBreaker {
    private static final System.Logger LOG = System.getLogger("dev.heddle.health");
    private static final int BUCKETS = 10;

    /** The breaker's state. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final CircuitBreakerConfig config;
    private final String upstream;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final long bucketNanos;
    private final long[] bucketStart = new long[BUCKETS];
    private final int[] total = new int[BUCKETS];
    private final int[] errors = new int[BUCKETS];
    private State state = State.CLOSED;
    private long openedAt;
    private int halfOpenSuccesses;

    public ErrorRatioBreaker(CircuitBreakerConfig config, String upstream, LongSupplier nanoClock) {
        this.config = config;
        this.upstream = upstream;
        this.clock = nanoClock;
        this.bucketNanos = Math.max(1, config.window().toNanos() / BUCKETS);
    }

    public ErrorRatioBreaker(CircuitBreakerConfig config, String upstream) {
        this(config, upstream, System::nanoTime);
    }

    @Override
    public boolean allows() {
        lock.lock();
        try {
            if (state == State.OPEN && clock.getAsLong() - openedAt >= config.cooldown().toNanos()) {
                state = State.HALF_OPEN;
                halfOpenSuccesses = 0;
                LOG.log(Level.INFO, "circuit half-open: " + upstream + " (trying requests again)");
            }
            return state != State.OPEN;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void record(boolean success, long latencyNanos) {
        boolean error = !success || (!config.latency().isZero() && latencyNanos >= config.latency().toNanos());
        long now = clock.getAsLong();
        lock.lock();
        try {
            switch (state) {
                case CLOSED -> countAndMaybeOpen(error, now);
                case HALF_OPEN -> {
                    if (error) {
                        open(now, "an error while half-open");
                    } else if (++halfOpenSuccesses >= config.halfOpenSuccesses()) {
                        state = State.CLOSED;
                        java.util.Arrays.fill(total, 0);
                        java.util.Arrays.fill(errors, 0);
                        LOG.log(Level.INFO, "circuit closed: " + upstream + " (" + halfOpenSuccesses + " successes)");
                    }
                }
                case OPEN -> { }  // answers to requests sent before it opened
            }
        } finally {
            lock.unlock();
        }
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    private void countAndMaybeOpen(boolean error, long now) {
        int b = (int) Math.floorMod(now / bucketNanos, (long) BUCKETS);
        long start = now - Math.floorMod(now, bucketNanos);
        if (bucketStart[b] != start) {
            bucketStart[b] = start;
            total[b] = 0;
            errors[b] = 0;
        }
        total[b]++;
        if (error) {
            errors[b]++;
        }
        int t = 0;
        int e = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (now - bucketStart[i] < config.window().toNanos()) {
                t += total[i];
                e += errors[i];
            }
        }
        if (t >= config.minRequests() && (double) e / t >= config.errorRatio()) {
            open(now, e + " errors in " + t + " requests");
        }
    }

    private void open(long now, String why) {
        state = State.OPEN;
        openedAt = now;
        LOG.log(Level.WARNING, "circuit open: " + upstream + " (" + why + "); retrying after " + config.cooldown().toMillis() + " ms");
    }
}
