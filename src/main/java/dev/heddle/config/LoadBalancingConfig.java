package dev.heddle.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code load_balancing} of reverse_proxy (Caddy's fields, plus Heddle's {@code retry_backoff}).
 *
 * @param retries     extra attempts after the first [0]
 * @param tryDuration keep trying for this long [0 = off]
 * @param tryInterval first wait between attempts [250ms when try_duration is set, else 0]
 * @param retryMatch  requests whose non-dial failures may be retried (replaces "GET only")
 */
public record LoadBalancingConfig(SelectionPolicyConfig policy, int retries, Duration tryDuration,
                                  Duration tryInterval, List<MatcherSetConfig> retryMatch, RetryBackoff backoff) {

    public static final LoadBalancingConfig DEFAULTS = new LoadBalancingConfig(
            SelectionPolicyConfig.DEFAULT, 0, Duration.ZERO, Duration.ZERO, List.of(), RetryBackoff.DEFAULTS);

    /**
     * Heddle's exponential backoff between attempts: try_interval, then times {@code multiplier}
     * each attempt, capped at {@code max}, with ±{@code jitter} randomness. multiplier 1 = Caddy's
     * constant interval.
     */
    public record RetryBackoff(double multiplier, Duration max, double jitter) {
        public static final RetryBackoff DEFAULTS = new RetryBackoff(2.0, Duration.ofSeconds(2), 0.2);

        static RetryBackoff parse(Node n) throws ConfigException {
            if (n.absent()) {
                return DEFAULTS;
            }
            n.requireObject();
            double multiplier = number(n.field("multiplier"), DEFAULTS.multiplier(), 1.0, 100.0);
            Duration max = n.field("max").duration(DEFAULTS.max());
            if (max.isNegative()) {
                throw n.field("max").error("must not be negative");
            }
            double jitter = number(n.field("jitter"), DEFAULTS.jitter(), 0.0, 1.0);
            n.done();
            return new RetryBackoff(multiplier, max, jitter);
        }

        private static double number(Node n, double fallback, double min, double max) throws ConfigException {
            if (n.absent()) {
                return fallback;
            }
            if (!n.json().isNumber()) {
                throw n.error("must be a number, not " + n.json());
            }
            double v = n.json().doubleValue();
            if (v < min || v > max) {
                throw n.error("must be between " + min + " and " + max + ", not " + v);
            }
            return v;
        }
    }

    static LoadBalancingConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return DEFAULTS;
        }
        n.requireObject();
        SelectionPolicyConfig policy = SelectionPolicyConfig.parse(n.field("selection_policy"));
        int retries = n.field("retries").intValue(0, 0, 1_000);
        Duration tryDuration = n.field("try_duration").duration(Duration.ZERO);
        if (tryDuration.isNegative()) {
            throw n.field("try_duration").error("must not be negative");
        }
        Duration tryInterval = n.field("try_interval").duration(Duration.ZERO);
        if (tryInterval.isNegative()) {
            throw n.field("try_interval").error("must not be negative");
        }
        if (tryInterval.isZero() && !tryDuration.isZero()) {
            tryInterval = Duration.ofMillis(250);
        }
        List<MatcherSetConfig> retryMatch = MatcherSetConfig.parseList(n.field("retry_match"));
        RetryBackoff backoff = RetryBackoff.parse(n.field("retry_backoff"));
        n.done();
        return new LoadBalancingConfig(policy, retries, tryDuration, tryInterval, retryMatch, backoff);
    }
}
