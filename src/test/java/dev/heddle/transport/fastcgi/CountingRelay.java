package dev.heddle.transport.fastcgi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback TCP relay to another port that counts the connections made through it. */
final class CountingRelay implements AutoCloseable {
    private final ServerSocket server;
    final AtomicInteger accepted = new AtomicInteger();

    CountingRelay(String host, int port) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    accepted.incrementAndGet();
                    Socket out = new Socket(host, port);
                    Thread.ofVirtual().start(() -> pipe(in, out));
                    Thread.ofVirtual().start(() -> pipe(out, in));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    String dial() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // one side closed: close both below
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
