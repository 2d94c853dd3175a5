package dev.heddle.upstream;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.JvmCounts;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.TinyDns;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dynamic source that churns: every lookup answers a new address (127.1.x.y, where nothing
 * listens), 10,000 of them, with active and passive health and a breaker on, so each address
 * gets a host, a checker and a registry view. Afterwards the registry, the checkers and the
 * JVM's threads must be back where they were, give or take the one address still current:
 * leases of addresses that left an answer are released, not kept for later.
 */
class DynamicUpstreamsChurnTest {
    private static final int ADDRESSES = 10_000;

    @Test
    void tenThousandAddressesThroughOneSourceLeaveNothingBehind() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        int port = FreePorts.refused();
        try (TinyDns dns = new TinyDns(name -> name.equals("churn.heddle.test") ? address(answered.getAndIncrement()) : null);
             Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"reverse_proxy\", \"dynamic_upstreams\": {\"source\": \"a\","
                     + " \"name\": \"churn.heddle.test\", \"port\": \"" + port + "\", \"refresh\": \"1ms\", \"versions\": {\"ipv4\": true},"
                     + " \"resolver\": {\"addresses\": [\"" + dns.address() + "\"]}},"
                     + " \"health_checks\": {\"active\": {\"uri\": \"/health\", \"interval\": \"1h\", \"timeout\": \"1s\"},"
                     + " \"passive\": {\"fail_duration\": \"1m\", \"max_fails\": 3}},"
                     + " \"circuit_breaker\": {\"type\": \"error_ratio\", \"error_ratio\": 0.5}}]}]")) {
            UpstreamRegistry registry = UpstreamRegistry.global();
            request(h);  // the first lookup starts what runs once per process (timers, the DNS client's classes)
            int hostsBefore = registry.hosts().size();
            int checkersBefore = registry.sharedCount();
            int viewsBefore = registry.snapshot().size();
            long threadsBefore = JvmCounts.liveThreads();
            int peakHosts = 0;

            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                while (answered.get() < ADDRESSES) {
                    List<Future<?>> batch = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        batch.add(clients.submit(() -> {
                            for (int j = 0; j < 50; j++) {
                                request(h);
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : batch) {
                        f.get();
                    }
                    peakHosts = Math.max(peakHosts, registry.hosts().size());
                }
            } finally {
                clients.shutdownNow();
            }

            int churned = answered.get();
            assertTrue(peakHosts <= hostsBefore + 4, "at most the current answer (and a request's worth in flight), peak " + peakHosts);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                    registry.hosts().size() <= hostsBefore && registry.sharedCount() <= checkersBefore
                            && registry.snapshot().size() <= viewsBefore && JvmCounts.liveThreads() <= threadsBefore + 2);
            System.out.printf("churn: %d addresses; registry hosts %d -> %d (peak %d), checkers %d -> %d, views %d -> %d,"
                            + " threads %d -> %d%n", churned, hostsBefore, registry.hosts().size(), peakHosts, checkersBefore,
                    registry.sharedCount(), viewsBefore, registry.snapshot().size(), threadsBefore, JvmCounts.liveThreads());
        }
    }

    private static InetAddress address(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void request(Heddle h) throws IOException {
        RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }
}
