package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The http transport's {@code keep_alive} fields over real sockets (issue 20): {@code enabled},
 * {@code idle_timeout} and {@code max_idle_conns_per_host}, counted at the upstream.
 */
class UpstreamKeepAliveTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

    private static Heddle proxy(RawUpstream up, String keepAlive) throws Exception {
        return Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial()
                + "\"}],\"transport\":{\"protocol\":\"http\",\"keep_alive\":" + keepAlive + "}}]}]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // keep_alive                | upstream connections for 5 sequential requests
        "{\"enabled\": true}         | 1",
        "{\"enabled\": false}        | 5",
    })
    void enabledFalseOpensAConnectionPerRequest(String keepAlive, int connections) throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = proxy(up, keepAlive)) {
            for (int i = 0; i < 5; i++) {
                assertEquals("ok", RawClient.exchange(h.port(), GET).bodyText());
            }
            assertEquals(connections, up.connectionsAccepted(), keepAlive);
        }
    }

    @Test
    void idleTimeoutClosesAnIdlePooledConnection() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = proxy(up, "{\"idle_timeout\": \"400ms\"}")) {
            assertEquals("ok", RawClient.exchange(h.port(), GET).bodyText());
            long idleFrom = System.nanoTime();
            // Heddle, not the upstream, closes it: the upstream sees EOF on its connection.
            await().atMost(Duration.ofSeconds(5)).until(() -> up.connectionsClosedByProxy() == 1);
            long ms = (System.nanoTime() - idleFrom) / 1_000_000;
            assertTrue(ms >= 300, "closed after " + ms + " ms idle");
            assertEquals("ok", RawClient.exchange(h.port(), GET).bodyText());
            assertEquals(2, up.connectionsAccepted(), "the next request dials afresh");
        }
    }

    /** Three requests in flight at once use three connections; afterwards only N stay pooled. */
    @ParameterizedTest(name = "max_idle_conns_per_host {0}")
    @CsvSource({"1, 2", "2, 1", "3, 0"})
    void maxIdleConnsPerHostClosesTheConnectionsBeyondIt(int maxIdle, int closed) throws Exception {
        CountDownLatch allArrived = new CountDownLatch(3);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 allArrived.countDown();
                 try {
                     allArrived.await(10, TimeUnit.SECONDS);  // keeps all three connections busy at once
                 } catch (InterruptedException e) {
                     return;
                 }
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
             });
             Heddle h = proxy(up, "{\"max_idle_conns_per_host\": " + maxIdle + "}")) {
            List<Thread> clients = new ArrayList<>();
            List<Integer> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(Thread.ofVirtual().start(() -> {
                    try {
                        statuses.add(RawClient.exchange(h.port(), GET).status());
                    } catch (java.io.IOException e) {
                        statuses.add(-1);
                    }
                }));
            }
            for (Thread t : clients) {
                t.join(10_000);
            }
            assertEquals(List.of(200, 200, 200), statuses);
            assertEquals(3, up.connectionsAccepted());
            // Exactly the surplus is closed, and no more while they idle.
            await().atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(300))
                    .until(() -> up.connectionsClosedByProxy() == closed);
        }
    }
}
