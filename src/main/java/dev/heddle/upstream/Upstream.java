package dev.heddle.upstream;

/**
 * One upstream of one handler: the handler's view (limits, health settings) over the shared
 * {@link Host}. {@link #available()} is the one predicate selection policies use.
 */
public final class Upstream {
    private final Host host;
    private final int maxRequests;
    private final HealthView active;
    private final PassivePolicy passive;
    private final CircuitBreaker breaker;

    public Upstream(Host host, int maxRequests, HealthView active, PassivePolicy passive, CircuitBreaker breaker) {
        this.host = host;
        this.maxRequests = maxRequests;
        this.active = active;
        this.passive = passive;
        this.breaker = breaker;
    }

    /** An upstream with its own unshared state (tests, and pure policy code). */
    public Upstream(String dial, int maxRequests) {
        this(new Host(dial), maxRequests, HealthView.ALWAYS, PassivePolicy.NONE, null);
    }

    public String dial() {
        return host.dial();
    }

    public Host host() {
        return host;
    }

    public int maxRequests() {
        return maxRequests;
    }

    public int inFlight() {
        return host.inFlight();
    }

    public void countRequest(int delta) {
        host.countRequest(delta);
    }

    /** Caddy's Healthy(): active check passing, passive failures under max_fails, breaker closed. */
    public boolean healthy() {
        if (!active.healthy()) {
            return false;
        }
        if (passive.counts() && host.failures(System.nanoTime(), passive.failDuration()) >= passive.maxFails()) {
            return false;
        }
        return breaker == null || breaker.allows();
    }

    public boolean full() {
        return maxRequests > 0 && host.inFlight() >= maxRequests;
    }

    public boolean available() {
        return healthy() && !full();
    }

    /** A failed attempt (no response): one passive failure, one breaker error. */
    public void attemptFailed() {
        if (passive.counts()) {
            host.countFailure(System.nanoTime());
        }
        if (breaker != null) {
            breaker.record(false, 0);
        }
    }

    /** A response arrived after {@code latencyNanos}: count the strikes its status or slowness earns. */
    public void responded(int status, long latencyNanos) {
        if (passive.counts()) {
            int strikes = passive.strikes(status, latencyNanos);
            long now = System.nanoTime();
            for (int i = 0; i < strikes; i++) {
                host.countFailure(now);
            }
        }
        if (breaker != null) {
            breaker.record(status < 500, latencyNanos);
        }
    }

    public int failures() {
        return passive.counts() ? host.failures(System.nanoTime(), passive.failDuration()) : 0;
    }

    @Override
    public String toString() {
        return host.dial();
    }
}
