package dev.heddle.transport;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * max_conns_per_host: each upstream address has that many connection slots, idle or busy.
 * A request that finds none free first closes an idle connection of that address, then waits
 * (up to the dial timeout) for one to be released.
 */
final class ConnectionLimits {
    private static final Runnable NO_LIMIT = () -> { };

    private final int max;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    ConnectionLimits(int max) {
        this.max = max;
    }

    /** Takes a slot; the returned action gives it back (once). */
    Runnable acquire(String dial, Duration wait, BooleanSupplier evictIdle) throws DialException {
        if (max <= 0) {
            return NO_LIMIT;
        }
        Semaphore s = slots.computeIfAbsent(dial, d -> new Semaphore(max, true));
        try {
            if (!s.tryAcquire() && !(evictIdle.getAsBoolean() && s.tryAcquire())
                    && !s.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new DialException(dial, "all " + max + " connections (max_conns_per_host) stayed busy for "
                        + wait.toMillis() + " ms", null, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DialException(dial, "interrupted while waiting for a connection slot", e);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                s.release();
            }
        };
    }
}
