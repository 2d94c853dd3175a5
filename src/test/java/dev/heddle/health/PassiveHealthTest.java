package dev.heddle.health;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Passive health: failures take an upstream out for fail_duration; no request is lost while another is up. */
class PassiveHealthTest {
    private static String get(Heddle h) throws IOException {
        RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status(), r.bodyText());
        return r.bodyText();
    }

    @Test
    void failingUpstreamIsSkippedAfterMaxFailsAndReturnsAfterTheWindow() throws Exception {
        try (RawUpstream failing = RawUpstream.resetAfterHead(); RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}, "retries": 1},
                       "health_checks": {"passive": {"max_fails": 2, "fail_duration": "1s"}}}]}]"""
                     .formatted(failing.dial(), good.dial()))) {
            for (int i = 0; i < 20; i++) {
                assertEquals("good", get(h), "no request is lost: the retry goes to the good upstream");
            }
            assertEquals(2, failing.requestCount(), "after two failures the upstream is skipped");
            // After fail_duration the failures expire and the primary is tried again.
            await().atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertEquals("good", get(h));
                return failing.requestCount() >= 3;
            });
        }
    }

    @Test
    void unhealthyStatusCounts() throws Exception {
        try (RawUpstream failing = RawUpstream.status(503); RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}},
                       "health_checks": {"passive": {"max_fails": 1, "fail_duration": "10s", "unhealthy_status": [5]}}}]}]"""
                     .formatted(failing.dial(), good.dial()))) {
            assertEquals(503, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(),
                    "a 5xx is a response: passed to the client, and counted");
            for (int i = 0; i < 5; i++) {
                assertEquals("good", get(h));
            }
            assertEquals(1, failing.requestCount());
        }
    }

    /** A body that breaks after the head went out counts against the upstream (DESIGN.md §4). */
    @Test
    void bodyBrokenMidwayIsAPassiveFailure() throws Exception {
        try (RawUpstream breaking = new RawUpstream((req, out, s) -> {
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\npartial".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                 out.flush();
                 s.close();
             });
             RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}},
                       "health_checks": {"passive": {"max_fails": 1, "fail_duration": "10s"}}}]}]"""
                     .formatted(breaking.dial(), good.dial()))) {
            try {
                RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            } catch (IOException expected) {
                // the client sees the truncated body: that is the point
            }
            assertEquals("good", get(h), "the upstream that broke its body is now skipped");
            assertEquals(1, breaking.requestCount());
        }
    }

    /** 200 concurrent GETs while one of three upstreams is dead: retries and passive health leave zero errors. */
    @Test
    void oneDeadUpstreamOfThreeUnderConcurrencyGivesNoErrors() throws Exception {
        String dead = "127.0.0.1:" + FreePorts.refused();
        try (RawUpstream a = RawUpstream.ok("a"); RawUpstream c = RawUpstream.resetAfterHead();
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "round_robin"}, "retries": 2},
                       "health_checks": {"passive": {"max_fails": 1, "fail_duration": "30s"}}}]}]"""
                     .formatted(a.dial(), dead, c.dial()))) {
            List<Future<Integer>> results = new ArrayList<>();
            // Raw sockets, one request each: the JDK client would retry a refused connect or a
            // dropped connection silently, and a lost request would not be counted.
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    results.add(pool.submit(() -> RawClient.exchange(h.port(),
                            "GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()));
                }
                for (Future<Integer> f : results) {
                    assertEquals(200, f.get());
                }
            }
        }
    }
    /**
     * unhealthy_latency: an answer whose head took at least that long is a failure (max_fails 1
     * here), so the slow primary is skipped afterwards; one a little faster than it is not.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "head after {0} ms, unhealthy_latency {1} → then {2}")
    @org.junit.jupiter.params.provider.CsvSource({"400, 200ms, good", "0, 1s, slow"})
    void unhealthyLatencyCountsASlowAnswer(int delayMs, String latency, String then) throws Exception {
        try (RawUpstream slow = new RawUpstream((req, out, s) -> {
                 try {
                     Thread.sleep(delayMs);  // the slowness IS the behaviour under test, not synchronisation
                 } catch (InterruptedException e) {
                     return;
                 }
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
             });
             RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}},
                       "health_checks": {"passive": {"max_fails": 1, "fail_duration": "10s", "unhealthy_latency": "%s"}}}]}]"""
                     .formatted(slow.dial(), good.dial(), latency))) {
            assertEquals("slow", get(h), "a slow answer is still an answer: the client gets it");
            for (int i = 0; i < 3; i++) {
                assertEquals(then, get(h));
            }
        }
    }

    /**
     * unhealthy_request_count, and an upstream's own max_requests: an upstream with that many
     * requests in flight counts as unavailable (as Caddy, the first fills in the second), so the
     * next request goes elsewhere.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{2} {0} → second request to {1}")
    @org.junit.jupiter.params.provider.CsvSource({"1, good, unhealthy_request_count", "2, busy, unhealthy_request_count",
        "1, good, max_requests", "2, busy, max_requests"})
    void unhealthyRequestCountMakesABusyUpstreamUnavailable(int count, String second, String field) throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (RawUpstream busy = new RawUpstream((req, out, s) -> {
                 if (req.requestLine().contains("/hold")) {
                     try {
                         release.await(10, java.util.concurrent.TimeUnit.SECONDS);  // keeps one request in flight
                     } catch (InterruptedException e) {
                         return;
                     }
                 }
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nbusy".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
             });
             RawUpstream good = RawUpstream.ok("good");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"%s}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}}%s}]}]"""
                     .formatted(busy.dial(), field.equals("max_requests") ? ", \"max_requests\": " + count : "", good.dial(),
                             field.equals("max_requests") ? "" : ", \"health_checks\": {\"passive\": {\"unhealthy_request_count\": " + count + "}}"))) {
            java.util.concurrent.atomic.AtomicReference<String> held = new java.util.concurrent.atomic.AtomicReference<>();
            Thread holder = Thread.ofVirtual().start(() -> {
                try {
                    held.set(RawClient.exchange(h.port(), "GET /hold HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
                } catch (IOException e) {
                    held.set(e.toString());
                }
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> busy.requestCount() == 1);
            assertEquals(second, get(h), "with one request in flight at the primary");
            release.countDown();
            holder.join(10_000);
            assertEquals("busy", held.get());
            // Counted out just after the client has the answer: wait for that, never a fixed sleep.
            await().atMost(Duration.ofSeconds(5)).until(() -> get(h).equals("busy"));
        }
    }
}
