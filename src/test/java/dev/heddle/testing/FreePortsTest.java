package dev.heddle.testing;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** A refused port refuses connections, and stays refused: no listener can take it. */
class FreePortsTest {
    @Test
    void aRefusedPortRefusesAndCannotBeTaken() throws Exception {
        int port = FreePorts.refused();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (Socket s = new Socket()) {
            assertThrows(ConnectException.class, () -> s.connect(address, 2000), "ECONNREFUSED");
        }
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);  // as Java's (and Helidon's) listeners do
            assertThrows(BindException.class, () -> listener.bind(address), "a listener took the refused port");
        }
    }
}
