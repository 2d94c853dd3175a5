package dev.heddle.faults;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.JvmCounts;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import dev.heddle.toxiproxy.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A backend reached through a Toxiproxy proxy, so a test can break the network between Heddle
 * and its upstream. Closing it checks that the JVM's open sockets are back to where they were
 * before the test's Heddle existed: faults must leak nothing.
 */
final class Faults implements AutoCloseable {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final RawUpstream backend;
    final Proxy proxy;
    private final long socketsBefore;
    private final long threadsBefore;

    Faults(RawUpstream backend) throws IOException {
        warmUp();
        this.backend = backend;
        this.proxy = Toxiproxy.client().createProxy("fault" + NAMES.incrementAndGet(), "127.0.0.1:0", backend.dial());
        this.socketsBefore = JvmCounts.openSockets();
        this.threadsBefore = JvmCounts.liveThreads();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARM = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * One proxied request before the first baseline: the JVM-wide threads that start on first
     * use (Helidon's timer, Heddle's timeout and pool sweepers, the virtual-thread timer) are
     * then part of it, so the leak check does not depend on which test ran first.
     */
    private static void warmUp() throws IOException {
        if (WARM.getAndSet(true)) {
            return;
        }
        try (RawUpstream up = RawUpstream.ok("warm"); Heddle h = Heddle.proxyTo(up.dial())) {
            RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        } catch (dev.heddle.config.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address Heddle dials: the proxy in front of the backend. */
    String dial() {
        return proxy.getListen();
    }

    /** A one-route Heddle proxying to this upstream with extra reverse_proxy fields. */
    Heddle heddle(String handlerFields) throws Exception {
        return Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + dial() + "\"}]"
                + handlerFields + "}]}]");
    }

    /** After the test's Heddle is closed: no socket or thread it or the faults started is left behind. */
    void assertNoLeak() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> JvmCounts.openSockets() <= socketsBefore);
        // Shared pools (the JDK's HTTP client, carrier threads) may keep a few idle threads: allow that much.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> JvmCounts.liveThreads() <= threadsBefore + 4);
    }

    @Override
    public void close() throws IOException {
        proxy.delete();
        backend.close();
    }
}
