package dev.heddle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loopback ports a config must name. Prefer port 0 and reading the bound port back (Heddle,
 * {@link HeddleProcess#awaitPort}); {@link #next} is for what cannot report its port.
 */
public final class FreePorts {
    /** Held for the JVM's life: a refused port must stay refused while any test may still dial it. */
    private static final List<Socket> HELD = new CopyOnWriteArrayList<>();

    private FreePorts() {
    }

    /**
     * A port free a moment ago: released before it is returned, so something else may take it
     * meanwhile. Only for configs whose ports cannot be 0 (other processes, dial addresses).
     */
    public static int next() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
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
