package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heddle's exponential backoff between attempts (a deliberate difference from Caddy's constant
 * try_interval): the gaps between attempts seen by the upstream grow, capped by {@code max} and
 * by try_duration. Tolerances allow ±20% jitter plus scheduling delay.
 */
class RetryBackoffTest {
    private static List<Long> gapsMillis(String loadBalancing, int expectedAttempts) throws Exception {
        try (RawUpstream failing = RawUpstream.resetAfterHead();
             Heddle heddle = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                       "load_balancing": %s}]}]""".formatted(failing.dial(), loadBalancing))) {
            RawClient.Response res = RawClient.exchange(heddle.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(502, res.status());
            List<Long> t = failing.requestTimes();
            assertEquals(expectedAttempts, t.size(), "attempts");
            return java.util.stream.IntStream.range(1, t.size()).mapToObj(i -> (t.get(i) - t.get(i - 1)) / 1_000_000).toList();
        }
    }

    private static void within(long actual, long low, long high, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " ms not in [" + low + ", " + high + "]");
    }

    @Test
    void gapsDoubleFromTryInterval() throws Exception {
        List<Long> gaps = gapsMillis("""
                {"retries": 3, "try_interval": "50ms", "retry_backoff": {"multiplier": 2, "max": "2s", "jitter": 0.2}}""", 4);
        within(gaps.get(0), 40, 110, "first gap (~50 ms)");
        within(gaps.get(1), 80, 170, "second gap (~100 ms)");
        within(gaps.get(2), 160, 300, "third gap (~200 ms)");
    }

    @Test
    void gapsAreCappedByMax() throws Exception {
        List<Long> gaps = gapsMillis("""
                {"retries": 3, "try_interval": "50ms", "retry_backoff": {"multiplier": 2, "max": "70ms", "jitter": 0}}""", 4);
        within(gaps.get(0), 45, 110, "first gap (50 ms)");
        within(gaps.get(1), 65, 130, "second gap (capped at 70 ms)");
        within(gaps.get(2), 65, 130, "third gap (capped at 70 ms)");
    }

    @Test
    void multiplierOneIsCaddysConstantInterval() throws Exception {
        List<Long> gaps = gapsMillis("""
                {"retries": 2, "try_interval": "60ms", "retry_backoff": {"multiplier": 1, "jitter": 0}}""", 3);
        within(gaps.get(0), 55, 120, "first gap");
        within(gaps.get(1), 55, 120, "second gap");
    }

    @Test
    void tryDurationEndsTheAttempts() throws Exception {
        // 100 ms, then 300 ms would pass the 250 ms budget: the wait is cut to what is left, then it stops.
        List<Long> gaps = gapsMillis("""
                {"try_duration": "250ms", "try_interval": "100ms", "retry_backoff": {"multiplier": 3, "jitter": 0}}""", 3);
        within(gaps.get(0), 95, 170, "first gap");
        within(gaps.get(1), 100, 200, "second gap, cut to the time left");
    }
}
