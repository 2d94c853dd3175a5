package dev.heddle.server;

import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reload under load: GET loops and 20 held SSE streams run while the config is reloaded 50
 * times between two upstream sets. Nothing fails, nothing is refused, every answer comes from
 * an upstream of a config in force at some point during the request, and every stream that
 * started on an old config finishes whole.
 */
class ReloadTest {
    private static final int EVENTS = 8;

    @Test
    void fiftyReloadsUnderLoadLoseNothing() throws Exception {
        try (RawUpstream a = RawUpstream.ok("a"); RawUpstream b = RawUpstream.ok("b");
             RawUpstream c = RawUpstream.ok("c"); RawUpstream d = RawUpstream.ok("d");
             RawUpstream sse = sseUpstream()) {
            List<String> configs = List.of(config(a, b, sse), config(c, d, sse));
            List<Set<String>> sets = List.of(Set.of("a", "b"), Set.of("c", "d"));
            try (Heddle h = Heddle.start(configs.get(0))) {
                AtomicInteger reloadsStarted = new AtomicInteger();
                AtomicInteger reloadsDone = new AtomicInteger();
                AtomicInteger strictChecks = new AtomicInteger();
                AtomicBoolean done = new AtomicBoolean();
                ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
                AtomicInteger answered = new AtomicInteger();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<String>> streams = new ArrayList<>();
                    CountDownLatch streamsStarted = new CountDownLatch(20);
                    for (int i = 0; i < 20; i++) {
                        streams.add(pool.submit(() -> readStream(h.port(), streamsStarted)));
                    }
                    assertTrue(streamsStarted.await(10, java.util.concurrent.TimeUnit.SECONDS));
                    for (int t = 0; t < 4; t++) {
                        pool.submit(() -> {
                            // One kept-alive raw connection per loop, never a retry: a refused connect, or a
                            // kept-alive connection dropped under a request, is a problem here (the JDK
                            // client would silently retry both).
                            Socket s = null;
                            try {
                                while (!done.get()) {
                                    int before = reloadsDone.get();
                                    try {
                                        if (s == null) {
                                            s = new Socket(InetAddress.getLoopbackAddress(), h.port());
                                            s.setSoTimeout(10_000);
                                        }
                                        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                                        RawClient.Response r = RawClient.read(s.getInputStream(), false);
                                        if ("close".equalsIgnoreCase(r.header("Connection"))) {
                                            s.close();  // announced: the next request opens a new connection
                                            s = null;
                                        }
                                        // Configs that can have answered: from the one in force at the start
                                        // to the newest whose reload had begun by the end.
                                        int after = reloadsStarted.get();
                                        if (before == after) {
                                            strictChecks.incrementAndGet();
                                        }
                                        boolean fromAConfigInForce = false;
                                        for (int g = before; g <= after; g++) {
                                            fromAConfigInForce |= sets.get(g % 2).contains(r.bodyText());
                                        }
                                        if (r.status() != 200 || !fromAConfigInForce) {
                                            problems.add(r.status() + " " + r.bodyText() + " (reloads " + before + ".." + after + ")");
                                        }
                                        answered.incrementAndGet();
                                    } catch (IOException e) {
                                        problems.add(e + " (reloads " + before + ".." + reloadsStarted.get() + ")");
                                        if (s != null) {
                                            s.close();
                                            s = null;
                                        }
                                    }
                                }
                            } finally {
                                if (s != null) {
                                    s.close();
                                }
                            }
                            return null;
                        });
                    }
                    for (int i = 1; i <= 50; i++) {
                        reloadsStarted.incrementAndGet();
                        h.app().reload(ConfigLoader.parse(configs.get(i % 2)), false);
                        reloadsDone.incrementAndGet();
                        // Let requests run on every config, not only between the first and last reload.
                        int seen = answered.get();
                        await().atMost(Duration.ofSeconds(5)).until(() -> answered.get() >= seen + 3);
                    }
                    done.set(true);
                    for (Future<String> s : streams) {
                        assertEquals(expectedEvents(), s.get(), "a stream that began before the reloads finishes whole");
                    }
                }
                assertTrue(problems.isEmpty(), problems.toString());
                assertTrue(answered.get() >= 150, "the load ran during the reloads: " + answered.get());
                assertTrue(strictChecks.get() >= 100, "most answers are pinned to one config: " + strictChecks.get());
            }
        }
    }

    private static String config(RawUpstream x, RawUpstream y, RawUpstream sse) {
        return """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"match": [{"path": ["/events"]}], "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}], "terminal": true},
                  {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}]}]}]}}}}}"""
                .formatted(sse.dial(), x.dial(), y.dial());
    }

    /** The event stream over a raw socket (no retry); {@code started} counts down once its head arrived. */
    private static String readStream(int port, CountDownLatch started) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            PushbackInputStream in = new PushbackInputStream(s.getInputStream());
            int first = in.read();
            if (first >= 0) {
                in.unread(first);
            }
            started.countDown();
            RawClient.Response r = RawClient.read(in, false);
            return r.status() == 200 ? r.bodyText() : r.status() + " " + r.bodyText();
        }
    }

    private static String expectedEvents() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < EVENTS; i++) {
            sb.append("data: ").append(i).append("\n\n");
        }
        return sb.toString();
    }

    /** An SSE upstream: EVENTS events, 150 ms apart (the pacing IS the behaviour: long-lived streams). */
    private static RawUpstream sseUpstream() throws IOException {
        return new RawUpstream((req, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < EVENTS; i++) {
                byte[] event = ("data: " + i + "\n\n").getBytes(StandardCharsets.US_ASCII);
                out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(event);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                try {
                    Thread.sleep(150);  // the pacing IS the behaviour: a long-lived event stream
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
    }
}
