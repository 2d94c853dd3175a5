package dev.heddle.health;

import dev.heddle.config.CircuitBreakerConfig;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The breaker opens, half-opens and closes: on an explicit clock, then over real sockets. */
class ErrorRatioBreakerTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);
    private final CircuitBreakerConfig config = new CircuitBreakerConfig(Duration.ofSeconds(10), 4, 0.5,
            Duration.ofMillis(500), Duration.ofSeconds(5), 2);
    private final ErrorRatioBreaker breaker = new ErrorRatioBreaker(config, "u:1", now::get);

    @Test
    void opensOnErrorRatioHalfOpensAfterCooldownAndClosesOnSuccesses() {
        breaker.record(true, 0);
        breaker.record(false, 0);
        breaker.record(true, 0);
        assertEquals(ErrorRatioBreaker.State.CLOSED, breaker.state(), "below min_requests");
        breaker.record(true, Duration.ofSeconds(1).toNanos());  // slower than latency: an error
        assertEquals(ErrorRatioBreaker.State.OPEN, breaker.state(), "2 errors in 4 requests");
        assertFalse(breaker.allows());

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.allows());
        assertEquals(ErrorRatioBreaker.State.HALF_OPEN, breaker.state());
        breaker.record(false, 0);
        assertEquals(ErrorRatioBreaker.State.OPEN, breaker.state(), "an error while half-open opens it again");

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertTrue(breaker.allows());
        breaker.record(true, 0);
        breaker.record(true, 0);
        assertEquals(ErrorRatioBreaker.State.CLOSED, breaker.state());
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        breaker.record(false, 0);
        breaker.record(false, 0);
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        breaker.record(true, 0);
        breaker.record(true, 0);
        breaker.record(true, 0);
        breaker.record(false, 0);
        assertEquals(ErrorRatioBreaker.State.CLOSED, breaker.state(), "1 error in 4: the old errors expired");
    }

    @Test
    void openBreakerTakesTheUpstreamOutOfRotation() throws Exception {
        try (RawUpstream failing = RawUpstream.status(500); RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}},
                       "circuit_breaker": {"type": "error_ratio", "window": "10s", "min_requests": 3, "error_ratio": 0.5,
                                           "cooldown": "300ms", "half_open_successes": 1}}]}]"""
                     .formatted(failing.dial(), good.dial()))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(500, status(h));
            }
            assertEquals(200, status(h), "open: the failing upstream is skipped");
            assertEquals(3, failing.requestCount());
            // After the cooldown it is tried again (half-open) and, failing, opens once more.
            await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).until(() -> status(h) == 500);
            assertEquals(4, failing.requestCount());
            assertEquals(200, status(h));
        }
    }

    /** `latency`: 200s slower than it count as errors, so a slow upstream's breaker opens too. */
    @Test
    void answersSlowerThanLatencyOpenTheBreaker() throws Exception {
        try (RawUpstream slow = new RawUpstream((req, out, s) -> {
                 try {
                     Thread.sleep(300);  // the upstream's slowness under test, not a wait for something
                 } catch (InterruptedException e) {
                     return;
                 }
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
             });
             RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}},
                       "circuit_breaker": {"type": "error_ratio", "window": "10s", "min_requests": 3, "error_ratio": 0.5,
                                           "latency": "100ms", "cooldown": "10s", "half_open_successes": 1}}]}]"""
                     .formatted(slow.dial(), good.dial()))) {
            for (int i = 0; i < 3; i++) {
                assertEquals("slow", body(h));
            }
            assertEquals("good", body(h), "three answers over the latency: open, the slow upstream is skipped");
            assertEquals(3, slow.requestCount());
        }
    }

    private static String body(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
    }

    private static int status(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status();
    }
}
