package dev.heddle.server;

import dev.heddle.config.ListenAddress;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds out why a listener could not bind, since Helidon only logs it. */
final class BindProbe {
    private BindProbe() {
    }

    static String reason(ListenAddress address) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(address.bindHost(), address.port()));
            return "the listener failed to start";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
