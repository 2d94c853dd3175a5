package dev.heddle.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ephemeral loopback ports for configs that must name their ports (child processes). */
public final class FreePorts {
    private FreePorts() {
    }

    public static int next() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** A port nobody listens on, for "upstream refused" cases. */
    public static int refused() throws IOException {
        return next();
    }
}
