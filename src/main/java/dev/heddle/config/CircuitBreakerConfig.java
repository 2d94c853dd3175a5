package dev.heddle.config;

import java.time.Duration;

/**
 * Heddle's built-in circuit breaker ({@code {"type": "error_ratio", ...}}): opens when, within
 * the sliding {@code window}, at least {@code min_requests} attempts were made and the share of
 * errors (transport failures, 5xx, or answers slower than {@code latency}) reaches
 * {@code error_ratio}; after {@code cooldown} it half-opens and closes again after
 * {@code half_open_successes} successes in a row.
 */
public record CircuitBreakerConfig(Duration window, int minRequests, double errorRatio, Duration latency,
                                   Duration cooldown, int halfOpenSuccesses) {

    static CircuitBreakerConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        Node type = n.field("type");
        String name = type.requiredString();
        if (!name.equals("error_ratio")) {
            throw type.error("unknown circuit breaker \"" + name + "\" (Heddle has \"error_ratio\")");
        }
        Duration window = n.field("window").duration(Duration.ofSeconds(10));
        int minRequests = n.field("min_requests").intValue(10, 1, 1_000_000);
        Node ratioNode = n.field("error_ratio");
        double ratio = ratioNode.absent() ? 0.5 : ratioNode.json().asDouble(-1);
        if (ratio <= 0 || ratio > 1) {
            throw ratioNode.error("must be a number above 0 and at most 1");
        }
        Duration latency = n.field("latency").duration(Duration.ZERO);
        Duration cooldown = n.field("cooldown").duration(Duration.ofSeconds(10));
        int successes = n.field("half_open_successes").intValue(3, 1, 1000);
        n.done();
        if (window.isZero() || window.isNegative() || cooldown.isNegative() || latency.isNegative()) {
            throw n.error("window must be positive; cooldown and latency must not be negative");
        }
        return new CircuitBreakerConfig(window, minRequests, ratio, latency, cooldown, successes);
    }
}
