package dev.heddle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loopback ports a config must name. Prefer port 0 and reading the bound port back (Heddle,
 * {@link HeddleProcess#awaitPort}). What must be told its ports up front (nginx, php-fpm, a
 * config whose own routes dial its own listeners) starts through {@link #startOnFreePorts},
 * which tries again on other ports when one was taken between the pick and the bind.
 */
public final class FreePorts {
    /** Held for the JVM's life: a refused port must stay refused while any test may still dial it. */
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();
    /** Whole starts tried before giving up: a port stolen five times in a row is no race any more. */
    public static final int ATTEMPTS = 5;

    private FreePorts() {
    }

    /** One start on the given ports; throws {@link PortTaken} when one of them could not be bound. */
    @FunctionalInterface
    public interface Start<T> {
        T on(int... ports) throws Exception;
    }

    /** A start found one of its ports taken (by another process, between the pick and the bind). */
    public static final class PortTaken extends Exception {
        public PortTaken(String message) {
            super(message);
        }

        public PortTaken(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Runs {@code start} on {@code count} distinct ports that were free a moment ago. A port is
     * released before the start binds it, so something else may take it meanwhile: the start then
     * throws {@link PortTaken} (having stopped whatever it started) and the whole start is tried
     * again on new ports, up to {@link #ATTEMPTS} times.
     */
    public static <T> T startOnFreePorts(int count, Start<T> start) throws Exception {
        List<PortTaken> taken = new ArrayList<>();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return start.on(candidates(count));
            } catch (PortTaken e) {
                taken.add(e);
            }
        }
        AssertionError failure = new AssertionError(ATTEMPTS + " starts in a row found a port taken: " + taken.get(taken.size() - 1).getMessage());
        taken.forEach(failure::addSuppressed);
        throw failure;
    }

    /** Distinct ports: all bound at once (so never the same one twice), then all released. */
    private static int[] candidates(int count) throws IOException {
        List<ServerSocket> open = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket();
                open.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : open) {
                s.close();
            }
        }
    }

    /**
     * A port that refuses connections ("upstream refused" cases) and stays so: a client-side
     * socket bound to it, without SO_REUSEADDR, never connected and never closed. Nothing
     * listens on it (the kernel answers a connect with RST: ECONNREFUSED) and no listener can
     * bind it while it is held.
     */
    public static int refused() {
        try {
            Socket hold = new Socket();
            hold.setReuseAddress(false);
            hold.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            HELD.add(hold);
            return hold.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
