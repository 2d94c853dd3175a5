package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstreams on unix sockets (dial "unix//path"): proxied, pooled, and bound by response_header_timeout. */
class UnixSocketUpstreamTest {
    /** A unix-socket HTTP upstream answering "<method> <path> host=<Host>"; "/hang" never answers. */
    private static ServerSocketChannel serve(Path path, AtomicInteger connections) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        Thread.ofVirtual().start(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel c = server.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> answer(c));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void answer(SocketChannel c) {
        try (c) {
            InputStream in = Channels.newInputStream(c);
            OutputStream out = Channels.newOutputStream(c);
            while (true) {
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        return;
                    }
                    head.append((char) b);
                }
                String line = head.substring(0, head.indexOf("\r\n"));
                if (line.contains("/hang")) {
                    in.read();  // never answers
                    return;
                }
                String host = head.toString().lines().filter(l -> l.startsWith("Host:")).findFirst().orElse("Host: -").substring(6);
                byte[] body = (line.substring(0, line.lastIndexOf(' ')) + " host=" + host).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Test
    void proxiesToAUnixSocketWithPoolingAndTimeouts() throws Exception {
        Path dir = Files.createTempDirectory("heddle-unix");
        Path sock = dir.resolve("app.sock");
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocketChannel server = serve(sock, connections);
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"unix/" + sock
                     + "\"}],\"transport\":{\"protocol\":\"http\",\"response_header_timeout\":\"300ms\"}}]}]")) {
            for (int i = 0; i < 20; i++) {
                RawClient.Response r = RawClient.exchange(h.port(), "GET /x" + i + " HTTP/1.1\r\nHost: client.test\r\nConnection: close\r\n\r\n");
                assertEquals("GET /x" + i + " host=client.test", r.bodyText());
            }
            assertEquals(1, connections.get(), "one pooled unix connection for 20 requests");
            long start = System.nanoTime();
            assertEquals(504, RawClient.exchange(h.port(), "GET /hang HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
            assertTrue(System.nanoTime() - start < 3_000_000_000L, "response_header_timeout applies to unix sockets too");
        } finally {
            Files.deleteIfExists(sock);
            Files.deleteIfExists(dir);
        }
    }
}
