package dev.heddle.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every resolved address is tried, and with both families the second is raced after
 * dial_fallback_delay (Happy Eyeballs). A full accept queue stands in for an address that
 * swallows SYNs: connecting to it hangs until the timeout.
 */
class DialerTest {
    private static final Dialer.SocketFactory PLAIN = Socket::new;

    private static InetAddress ip(String literal) throws IOException {
        return InetAddress.getByName(literal);
    }

    @Test
    void aRefusedAddressFallsThroughToTheNext() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
            // Nothing listens on 127.0.0.2 at that port: refused at once.
            try (Socket s = Dialer.connect(new InetAddress[] {ip("127.0.0.2"), ip("127.0.0.1")}, server.getLocalPort(),
                    Duration.ofSeconds(3), Duration.ofMillis(300), PLAIN)) {
                assertEquals(ip("127.0.0.1"), s.getInetAddress());
            }
        }
    }

    @Test
    void whenEveryAddressRefusesTheLastFailureIsThrown() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, ip("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        assertThrows(ConnectException.class, () -> Dialer.connect(new InetAddress[] {ip("127.0.0.2"), ip("127.0.0.3")},
                port, Duration.ofSeconds(3), Duration.ofMillis(300), PLAIN));
    }

    /** A listener on 127.0.0.1 whose accept queue is full, and a healthy one on ::1 at the same port. */
    private record Pair(ServerSocket full, ServerSocket v6, List<Socket> fillers) implements AutoCloseable {
        static Pair open() throws IOException {
            ServerSocket full = new ServerSocket(0, 1, ip("127.0.0.1"));
            ServerSocket v6;
            try {
                v6 = new ServerSocket(full.getLocalPort(), 50, ip("::1"));
            } catch (IOException e) {
                full.close();
                assumeTrue(false, "no IPv6 loopback here: " + e);
                throw e;
            }
            List<Socket> fillers = new ArrayList<>();
            while (fillers.size() < 16) {
                Socket s = new Socket();
                try {
                    s.connect(new InetSocketAddress(ip("127.0.0.1"), full.getLocalPort()), 300);
                    fillers.add(s);
                } catch (IOException e) {
                    s.close();
                    return new Pair(full, v6, fillers);  // the queue is full: connects now hang
                }
            }
            throw new IllegalStateException("the accept queue never filled");
        }

        int port() {
            return full.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : fillers) {
                s.close();
            }
            full.close();
            v6.close();
        }
    }

    @Test
    void theOtherFamilyIsRacedAfterTheFallbackDelay() throws Exception {
        try (Pair p = Pair.open()) {
            long start = System.nanoTime();
            try (Socket s = Dialer.connect(new InetAddress[] {ip("127.0.0.1"), ip("::1")}, p.port(),
                    Duration.ofSeconds(5), Duration.ofMillis(100), PLAIN)) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(ip("::1"), s.getInetAddress());
                assertTrue(ms >= 90 && ms < 1500, "connected after " + ms + " ms");
            }
        }
    }

    @Test
    void aNegativeDelayTriesTheFamiliesOneAfterTheOther() throws Exception {
        try (Pair p = Pair.open()) {
            long start = System.nanoTime();
            try (Socket s = Dialer.connect(new InetAddress[] {ip("127.0.0.1"), ip("::1")}, p.port(),
                    Duration.ofSeconds(4), Duration.ofMillis(-1), PLAIN)) {
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(ip("::1"), s.getInetAddress());
                // The hanging address had its share of the timeout (half of 4 s, at least Go's 2 s).
                assertTrue(ms >= 1900 && ms < 3500, "connected after " + ms + " ms");
            }
        }
    }
}
