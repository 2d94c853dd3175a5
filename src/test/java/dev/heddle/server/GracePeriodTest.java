package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README: `apps.http.grace_period` bounds how long a stop waits for in-flight requests; 0 (the
 * default) waits for them without limit, as in Caddy. The in-flight request is a proxied one
 * whose upstream answers only when the test says so.
 */
class GracePeriodTest {
    /** A thread per task: the common pool may have one thread, and the stop must not queue behind the request. */
    private static final java.util.concurrent.Executor THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private static String config(String grace, RawUpstream up) {
        return """
                {"apps": {"http": {%s "servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                .formatted(grace, up.dial());
    }

    private static RawUpstream heldUntil(CountDownLatch release) throws IOException {
        return new RawUpstream((req, out, s) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                return;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ndone".getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    void withoutAGracePeriodAStopWaitsForTheInFlightRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream up = heldUntil(release)) {
            Heddle h = Heddle.start(config("", up));
            int port = h.port();
            CompletableFuture<RawClient.Response> inFlight = CompletableFuture.supplyAsync(() -> get(port), THREADS);
            await().atMost(Duration.ofSeconds(5)).until(() -> up.requestCount() == 1);
            CompletableFuture<Void> stop = CompletableFuture.runAsync(h::close, THREADS);
            await("the stop waits while the request is in flight").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                    .until(() -> !stop.isDone());
            release.countDown();
            RawClient.Response res = inFlight.get(10, TimeUnit.SECONDS);
            assertEquals(200, res.status());
            assertEquals("done", res.bodyText());
            stop.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aGracePeriodCutsTheInFlightRequestWhenItEnds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream up = heldUntil(release)) {
            Heddle h = Heddle.start(config("\"grace_period\": \"300ms\",", up));
            int port = h.port();
            CompletableFuture<RawClient.Response> inFlight = CompletableFuture.supplyAsync(() -> get(port), THREADS);
            await().atMost(Duration.ofSeconds(5)).until(() -> up.requestCount() == 1);
            long start = System.nanoTime();
            h.close();
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms >= 250 && ms < 2000, "the stop took " + ms + " ms with a 300 ms grace period");
            assertThrows(Exception.class, () -> inFlight.get(10, TimeUnit.SECONDS), "the in-flight request was cut");
            release.countDown();
        }
    }

    private static RawClient.Response get(int port) {
        try {
            return RawClient.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
