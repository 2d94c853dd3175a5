package dev.heddle.faults;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import dev.heddle.toxiproxy.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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

    Faults(RawUpstream backend) throws IOException {
        this.backend = backend;
        this.proxy = Toxiproxy.client().createProxy("fault" + NAMES.incrementAndGet(), "127.0.0.1:0", backend.dial());
        this.socketsBefore = openSockets();
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

    /** Sockets of this JVM (loopback clients, servers and listeners all count). */
    static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    /** After the test's Heddle is closed: no socket it or the faults opened is left behind. */
    void assertNoLeak() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> openSockets() <= socketsBefore);
    }

    @Override
    public void close() throws IOException {
        proxy.delete();
        backend.close();
    }
}
