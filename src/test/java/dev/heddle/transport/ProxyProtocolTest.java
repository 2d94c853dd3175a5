package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * proxy_protocol v1 and v2: each new upstream connection starts with a PROXY header naming the
 * client's address and port, parsed here as an upstream would; connections are pooled per
 * client, so one client's connection never carries another's requests.
 */
class ProxyProtocolTest {
    /** An upstream that reads a PROXY header of either version, then answers requests with the source it announced. */
    private static RawUpstream upstream(List<String> announced) throws IOException {
        return upstream(announced, new java.util.concurrent.atomic.AtomicInteger());
    }

    /** @param ended counts upstream connections the proxy closed */
    private static RawUpstream upstream(List<String> announced, java.util.concurrent.atomic.AtomicInteger ended) throws IOException {
        return new RawUpstream(s -> {
            try {
                serveAnnounced(s, announced);
            } finally {
                ended.incrementAndGet();
            }
        });
    }

    private static void serveAnnounced(Socket s, List<String> announced) throws IOException {
        InputStream in = s.getInputStream();
        String source = readHeader(new DataInputStream(in));
        announced.add(source);
        OutputStream out = s.getOutputStream();
        while (true) {
            StringBuilder head = new StringBuilder();
            int c;
            while (!head.toString().endsWith("\r\n\r\n") && (c = in.read()) >= 0) {
                head.append((char) c);
            }
            if (!head.toString().endsWith("\r\n\r\n")) {
                return;
            }
            byte[] body = source.getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }

    /** "ip:port" of the announced source. */
    private static String readHeader(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        if (first == 'P') {
            StringBuilder line = new StringBuilder("P");
            int c;
            while ((c = in.read()) != '\n') {
                line.append((char) c);
            }
            String[] f = line.toString().trim().split(" ");  // PROXY TCP4 src dst sport dport
            assertEquals("PROXY", f[0]);
            assertEquals("TCP4", f[1]);
            assertEquals("0.0.0.0", f[3]);
            assertEquals("0", f[5]);
            return f[2] + ":" + f[4];
        }
        byte[] signature = new byte[12];
        signature[0] = (byte) first;
        in.readFully(signature, 1, 11);
        assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A}, signature);
        assertEquals(0x21, in.readUnsignedByte(), "version 2, PROXY command");
        assertEquals(0x11, in.readUnsignedByte(), "TCP over IPv4");
        assertEquals(12, in.readUnsignedShort());
        byte[] src = new byte[4];
        in.readFully(src);
        assertEquals(0, in.readInt(), "destination all zeros");
        int sport = in.readUnsignedShort();
        assertEquals(0, in.readUnsignedShort());
        return InetAddress.getByAddress(src).getHostAddress() + ":" + sport;
    }

    /** One request; a failed check in the upstream fails here with its own message, not as a 502 body. */
    private static String ask(RawUpstream up, Socket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String body = RawClient.read(s.getInputStream(), false).bodyText();
        up.assertNoErrors();
        return body;
    }

    @org.junit.jupiter.api.Test
    void withoutAClientBehindItTheHeaderSaysSo() {
        assertEquals("PROXY UNKNOWN\r\n", new String(ProxyProtocolHeader.of("v1", null), StandardCharsets.US_ASCII));
        byte[] v2 = ProxyProtocolHeader.of("v2", null);
        assertEquals(16, v2.length);
        assertEquals(0x20, v2[12], "version 2, LOCAL command");
        assertEquals(0, v2[13] | v2[14] | v2[15], "no address block");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void eachClientIsAnnouncedOnItsOwnUpstreamConnections(String version) throws Exception {
        List<String> announced = new CopyOnWriteArrayList<>();
        try (RawUpstream up = upstream(announced);
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\""
                     + up.dial() + "\"}],\"transport\":{\"protocol\":\"http\",\"proxy_protocol\":\"" + version + "\"}}]}]");
             Socket one = new Socket(InetAddress.getLoopbackAddress(), h.port());
             Socket two = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            one.setSoTimeout(10_000);
            two.setSoTimeout(10_000);
            String oneAddress = "127.0.0.1:" + one.getLocalPort();
            String twoAddress = "127.0.0.1:" + two.getLocalPort();
            assertEquals(oneAddress, ask(up, one));
            assertEquals(twoAddress, ask(up, two));
            assertEquals(oneAddress, ask(up, one), "the first client's pooled connection, not the second's");
            assertEquals(twoAddress, ask(up, two));
            assertEquals(List.of(oneAddress, twoAddress), announced, "one upstream connection per client, reused");
        }
    }

    /**
     * Under proxy_protocol each client gets its own pooled upstream connections; once the
     * client is gone nothing would ever ask for them again. A sweep closes them after the
     * keep-alive idle_timeout (issue 19, defect 2: they stayed open until a reload).
     */
    @org.junit.jupiter.api.Test
    void idleConnectionsOfClientsThatLeftAreClosedByTheSweep() throws Exception {
        List<String> announced = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
        try (RawUpstream up = upstream(announced, ended);
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\""
                     + up.dial() + "\"}],\"transport\":{\"protocol\":\"http\",\"proxy_protocol\":\"v1\","
                     + "\"keep_alive\":{\"idle_timeout\":\"300ms\"}}}]}]")) {
            for (int i = 0; i < 200; i++) {
                try (Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                    client.setSoTimeout(10_000);
                    ask(up, client);
                }
            }
            assertEquals(200, announced.size(), "one upstream connection per client");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> ended.get() == 200);
        }
    }
}
