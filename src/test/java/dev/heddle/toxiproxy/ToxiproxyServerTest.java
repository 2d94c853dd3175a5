package dev.heddle.toxiproxy;

import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compatible server driven only by the official client: every API call, and each toxic's
 * effect measured at the byte level (timings with generous bounds).
 */
class ToxiproxyServerTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    private final ToxiproxyClient client = Toxiproxy.client();
    private RawUpstream source;
    private Proxy proxy;

    /** A source that sends {@code n} bytes on "GET n" and echoes anything else, then keeps the connection. */
    @BeforeEach
    void start() throws IOException {
        source = new RawUpstream(s -> {
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                String text = new String(buf, 0, n);
                if (text.startsWith("SEND ")) {
                    int count = Integer.parseInt(text.substring(5).trim());
                    s.getOutputStream().write(pattern(count));
                    if (text.contains("CLOSE") || count < 0) {
                        s.close();
                        return;
                    }
                } else if (text.startsWith("BYE")) {
                    s.getOutputStream().write("bye".getBytes());
                    s.close();
                    return;
                } else {
                    s.getOutputStream().write(buf, 0, n);
                }
                s.getOutputStream().flush();
            }
        });
        proxy = client.createProxy("p" + NAMES.incrementAndGet(), "127.0.0.1:0", source.dial());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.delete();
        source.close();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[Math.max(n, 0)];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private Socket connect() throws IOException {
        String listen = proxy.getListen();
        Socket s = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
        s.setSoTimeout(10_000);
        return s;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void everyClientCall() throws Exception {
        assertTrue(client.version().contains("2."), client.version());
        assertTrue(proxy.isEnabled());
        assertTrue(proxy.getListen().matches("127\\.0\\.0\\.1:\\d+") && !proxy.getListen().endsWith(":0"), "the bound address");
        assertEquals(proxy.getUpstream(), client.getProxy(proxy.getName()).getUpstream());
        assertTrue(client.getProxies().stream().anyMatch(p -> p.getName().equals(proxy.getName())));
        IOException conflict = assertThrows(IOException.class, () -> client.createProxy(proxy.getName(), "127.0.0.1:0", source.dial()));
        assertTrue(conflict.getMessage().contains("[409] proxy already exists"), conflict.getMessage());

        Latency latency = proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        latency.setJitter(5);
        latency.setToxicity(0.5f);
        Latency read = proxy.toxics().get("lat", Latency.class);
        assertEquals(100, read.getLatency());
        assertEquals(5, read.getJitter());
        assertEquals(0.5f, read.getToxicity());
        proxy.toxics().limitData("limit", ToxicDirection.UPSTREAM, 10);
        assertEquals(2, proxy.toxics().getAll().size());
        assertEquals("limit", proxy.toxics().getAll().get(0).getName(), "upstream toxics are listed first");
        IOException dup = assertThrows(IOException.class, () -> proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1));
        assertTrue(dup.getMessage().contains("[409] toxic already exists"), dup.getMessage());
        read.remove();
        assertEquals(1, proxy.toxics().getAll().size());

        proxy.disable();
        assertFalse(client.getProxy(proxy.getName()).isEnabled());
        client.reset();
        assertTrue(client.getProxy(proxy.getName()).isEnabled(), "reset re-enables");
        assertEquals(0, proxy.toxics().getAll().size(), "reset removes toxics");
        assertEquals(null, client.getProxyOrNull("no-such-proxy"));
    }

    @Test
    void latencyDelaysEachChunkAndToxicityZeroDoesNothing() throws Exception {
        proxy.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 300);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("ping".getBytes());
            assertEquals("ping", new String(s.getInputStream().readNBytes(4)));
            long ms = millisSince(start);
            assertTrue(ms >= 290 && ms < 2000, "round trip " + ms + " ms");
        }
        proxy.toxics().get("lat").setToxicity(0f);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("ping".getBytes());
            assertEquals("ping", new String(s.getInputStream().readNBytes(4)));
            assertTrue(millisSince(start) < 250, "toxicity 0: no delay");
        }
    }

    @Test
    void bandwidthCapsThroughput() throws Exception {
        proxy.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 200);  // KB/s
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("SEND 200000".getBytes());
            assertArrayEquals(pattern(200_000), s.getInputStream().readNBytes(200_000));
            long ms = millisSince(start);
            assertTrue(ms >= 800 && ms < 3000, "200 KB at 200 KB/s took " + ms + " ms");
        }
    }

    @Test
    void slicerDeliversTheSameBytesInPacedPieces() throws Exception {
        proxy.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 10, 1000);  // ~10-byte pieces, 1 ms apart
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("SEND 1000".getBytes());
            assertArrayEquals(pattern(1000), s.getInputStream().readNBytes(1000));
            assertTrue(millisSince(start) >= 80, "about 100 pieces, 1 ms apart");
        }
    }

    @Test
    void limitDataDeliversExactlyThatManyBytesThenEof() throws Exception {
        proxy.toxics().limitData("lim", ToxicDirection.DOWNSTREAM, 100);
        try (Socket s = connect()) {
            s.getOutputStream().write("SEND 1000".getBytes());
            byte[] got = s.getInputStream().readAllBytes();
            assertArrayEquals(Arrays.copyOf(pattern(1000), 100), got);
        }
    }

    @Test
    void timeoutDropsDataAndClosesOrHolds() throws Exception {
        proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 300);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("ping".getBytes());
            int r;
            try {
                r = s.getInputStream().read();
            } catch (SocketException e) {
                r = -1;
            }
            assertEquals(-1, r, "no data, then closed");
            long ms = millisSince(start);
            assertTrue(ms >= 250 && ms < 3000, "closed after " + ms + " ms");
        }
        proxy.toxics().get("to").remove();
        proxy.toxics().timeout("hold", ToxicDirection.DOWNSTREAM, 0);
        try (Socket s = connect()) {
            s.setSoTimeout(500);
            s.getOutputStream().write("ping".getBytes());
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(), "timeout 0 holds the connection");
        }
    }

    @Test
    void resetPeerResetsTheConnection() throws Exception {
        proxy.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 0);
        try (Socket s = connect()) {
            s.getOutputStream().write("ping".getBytes());
            SocketException e = assertThrows(SocketException.class, () -> {
                s.getInputStream().read();
                s.getInputStream().read();
            });
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
        }
    }

    @Test
    void slowCloseDelaysTheClose() throws Exception {
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 400);
        try (Socket s = connect()) {
            long start = System.nanoTime();
            s.getOutputStream().write("BYE".getBytes());
            assertEquals("bye", new String(s.getInputStream().readNBytes(3)));
            assertEquals(-1, s.getInputStream().read());
            long ms = millisSince(start);
            assertTrue(ms >= 380, "the close came after " + ms + " ms");
        }
    }

    @Test
    void disabledRefusesAndReenabledServesOnTheSamePort() throws Exception {
        String listen = proxy.getListen();
        proxy.disable();
        // Refused, unless the kernel handed the client the same ephemeral port and it connected
        // to itself (TCP self-connect on loopback): no listener answered either way.
        try (Socket s = connect()) {
            assertEquals(s.getPort(), s.getLocalPort(), "a connection was accepted by a disabled proxy");
        } catch (ConnectException expected) {
            // refused: the listener is closed
        }
        proxy.enable();
        assertEquals(listen, client.getProxy(proxy.getName()).getListen());
        try (Socket s = connect()) {
            s.getOutputStream().write("ping".getBytes());
            assertEquals("ping", new String(s.getInputStream().readNBytes(4)));
        }
    }
}
