package dev.heddle.upstream;

/**
 * Caddy's circuit breaker interface (reverseproxy.go: OK / RecordMetric): while it does not
 * allow requests, its upstream counts as unhealthy.
 */
public interface CircuitBreaker {
    boolean allows();

    /** The outcome of one attempt: success, and the time to the response headers. */
    void record(boolean success, long latencyNanos);
}
