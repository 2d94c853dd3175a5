package dev.heddle.upstream;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every handler shares about one dial address, as Caddy's Host (hosts.go): the number of
 * requests in flight and the passive failures. Lives in the {@link UpstreamRegistry} as long as
 * a loaded config uses the address, so it survives reloads.
 *
 * <p>Failures are kept as timestamps in a small ring and counted lazily against each handler's
 * own fail_duration, so no timer runs per failure.
 */
public final class Host {
    private static final int RING = 256;

    private final String dial;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final long[] failures = new long[RING];
    private int next;
    private int size;

    Host(String dial) {
        this.dial = dial;
    }

    public String dial() {
        return dial;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public void countRequest(int delta) {
        inFlight.addAndGet(delta);
    }

    /** Records one passive failure at {@code nowNanos}. */
    public void countFailure(long nowNanos) {
        lock.lock();
        try {
            failures[next] = nowNanos;
            next = (next + 1) % RING;
            size = Math.min(size + 1, RING);
        } finally {
            lock.unlock();
        }
    }

    /** Failures recorded within the last {@code windowNanos}. */
    public int failures(long nowNanos, long windowNanos) {
        lock.lock();
        try {
            int count = 0;
            for (int i = 0; i < size; i++) {
                long at = failures[(next - 1 - i + RING) % RING];
                if (nowNanos - at >= windowNanos) {
                    break;  // newest first: the rest are older still
                }
                count++;
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return dial;
    }
}
