package dev.heddle.health;

import dev.heddle.testing.RawUpstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A test upstream that answers its name, and on /health a status and body the test controls;
 * it counts health checks, and can hang them (until closed) to exercise the check timeout.
 */
final class HealthUpstream implements AutoCloseable {
    final AtomicInteger healthStatus = new AtomicInteger(200);
    final AtomicReference<String> healthBody = new AtomicReference<>("OK");
    final AtomicInteger healthChecks = new AtomicInteger();
    volatile boolean hang;
    private final CountDownLatch closing = new CountDownLatch(1);
    final RawUpstream server;

    HealthUpstream(String name) throws IOException {
        server = new RawUpstream((req, out, s) -> {
            String body = name;
            int status = 200;
            if (req.requestLine().contains(" /health")) {
                healthChecks.incrementAndGet();
                if (hang) {
                    try {
                        closing.await();  // hanging IS the behaviour under test
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
                status = healthStatus.get();
                body = healthBody.get();
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
        });
    }

    String dial() {
        return server.dial();
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
    }
}
