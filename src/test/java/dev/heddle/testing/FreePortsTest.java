package dev.heddle.testing;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A refused port refuses connections, and stays refused: no listener can take it. A start on
 * ports picked in advance goes again on other ports when one was taken meanwhile.
 */
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

    /** A listener that binds the port it was given, or reports it taken. */
    private static ServerSocket listen(int port) throws Exception {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return s;
        } catch (BindException e) {
            s.close();
            throw new FreePorts.PortTaken("port " + port + ": " + e.getMessage(), e);
        }
    }

    @Test
    void aPortTakenBetweenThePickAndTheBindIsANewStartOnAnother() throws Exception {
        List<Integer> tried = new ArrayList<>();
        ServerSocket[] thief = new ServerSocket[1];
        try (ServerSocket started = FreePorts.startOnFreePorts(1, port -> {
            tried.add(port[0]);
            if (tried.size() == 1) {
                thief[0] = new ServerSocket(port[0], 50, InetAddress.getLoopbackAddress());  // someone else was quicker
            }
            return listen(port[0]);
        })) {
            assertEquals(2, tried.size(), "the first start found its port taken and a second one ran");
            assertNotEquals(tried.get(0), tried.get(1));
            assertEquals(tried.get(1).intValue(), started.getLocalPort());
        } finally {
            thief[0].close();
        }
    }

    @Test
    void aPortTakenAtEveryStartFailsAfterFiveStarts() {
        int[] starts = new int[1];
        AssertionError e = assertThrows(AssertionError.class, () -> FreePorts.startOnFreePorts(1, port -> {
            starts[0]++;
            throw new FreePorts.PortTaken("taken: " + port[0]);
        }));
        assertEquals(FreePorts.ATTEMPTS, starts[0]);
        assertEquals(FreePorts.ATTEMPTS, e.getSuppressed().length, "every taken start is in the failure");
    }

    @Test
    void theCandidatesOfOneStartAreDistinct() throws Exception {
        int[] ports = FreePorts.startOnFreePorts(8, p -> p);
        assertEquals(8, Arrays.stream(ports).distinct().count(), Arrays.toString(ports));
    }
}
