package dev.heddle.upstream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream of a handler, with its live in-flight count. (The shared, reload-surviving
 * registry of hosts comes with health checks; until then each handler owns its upstreams.)
 */
public final class Upstream {
    private final String dial;
    private final int maxRequests;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Upstream(String dial, int maxRequests) {
        this.dial = dial;
        this.maxRequests = maxRequests;
    }

    public String dial() {
        return dial;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Healthy and not full: the one predicate selection policies use. */
    public boolean available() {
        return maxRequests <= 0 || inFlight.get() < maxRequests;
    }

    public void countRequest(int delta) {
        inFlight.addAndGet(delta);
    }

    @Override
    public String toString() {
        return dial;
    }
}
