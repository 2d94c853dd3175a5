package dev.heddle.transport.fastcgi;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.HeddleProcess;
import dev.heddle.testing.PhpFpm;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fastcgi transport's connections and failures against a real php-fpm over TCP: reuse of
 * the connections php-fpm keeps (counted through a relay), a stopped php-fpm (502, then the
 * passive health check takes it out), read_timeout on a slow script (504), and a 100 MiB
 * response streamed by a Heddle process whose heap is 64 MiB.
 */
class PhpFpmFaultsTest {
    /** FCGI_KEEP_CONN on, within the test pool's 4 workers. */
    private static final String KEEP = "|, \"keep_alive\": {\"enabled\": true}, \"max_conns_per_host\": 4";

    /**
     * More clients at once than php-fpm has workers, with kept connections: requests wait for a
     * connection slot instead of dialing a connection no worker will ever take.
     */
    @Test
    void moreClientsThanWorkersNeverStall() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true)) {
            fpm.script("hi.php", "<?php usleep(20000); echo 'hi';");
            try (Heddle h = Heddle.start(proxy(fpm.dial(), fpm.root.toString(), KEEP))) {
                java.util.List<java.util.concurrent.Future<Integer>> all = new java.util.ArrayList<>();
                try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 40; i++) {
                        all.add(pool.submit(() -> get(h, "/hi.php").status()));
                    }
                    for (var f : all) {
                        assertEquals(200, f.get(20, java.util.concurrent.TimeUnit.SECONDS));
                    }
                }
            }
        }
    }

    private static String proxy(String dial, String root, String extra) {
        return """
                {"admin": {"disabled": true}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]%s,
                     "transport": {"protocol": "fastcgi", "root": "%s", "split_path": [".php"]%s}}]}]}}}}}
                """.formatted(dial, extra.startsWith("|") ? "" : extra, root, extra.startsWith("|") ? extra.substring(1) : "");
    }

    private static RawClient.Response get(Heddle h, String path) throws Exception {
        return RawClient.exchange(h.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static int port(String dial) {
        return Integer.parseInt(dial.substring(dial.lastIndexOf(':') + 1));
    }

    @Test
    void phpFpmsConnectionsAreReusedWhenKeepAliveIsOn() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true); CountingRelay relay = new CountingRelay("127.0.0.1", port(fpm.dial()))) {
            fpm.script("hi.php", "<?php echo 'hi';");
            try (Heddle h = Heddle.start(proxy(relay.dial(), fpm.root.toString(), KEEP))) {
                for (int i = 0; i < 30; i++) {
                    assertEquals("hi", get(h, "/hi.php").bodyText());
                }
                assertTrue(relay.accepted.get() <= 2, "30 sequential requests opened " + relay.accepted.get() + " connections");
            }
            int before = relay.accepted.get();
            try (Heddle h = Heddle.start(proxy(relay.dial(), fpm.root.toString(), ""))) {
                for (int i = 0; i < 10; i++) {
                    assertEquals("hi", get(h, "/hi.php").bodyText());
                }
            }
            assertEquals(10, relay.accepted.get() - before, "by default, as Caddy: one connection per request");
        }
    }

    /** php-fpm closes a kept connection when it recycles a worker: no request may see that. */
    @Test
    void workersRecycledAfterMaxRequestsLoseNoRequest() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true, "pm.max_requests = 2")) {
            fpm.script("hi.php", "<?php echo 'hi';");
            try (Heddle h = Heddle.start(proxy(fpm.dial(), fpm.root.toString(), KEEP))) {
                for (int i = 0; i < 40; i++) {
                    RawClient.Response r = get(h, "/hi.php");
                    assertEquals(200, r.status(), "request " + i);
                    assertEquals("hi", r.bodyText(), "request " + i);
                }
            }
        }
    }

    @Test
    void aStoppedPhpFpmIs502ThenPassiveHealthTakesItOut() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true)) {
            fpm.script("hi.php", "<?php echo 'hi';");
            try (Heddle h = Heddle.start(proxy(fpm.dial(), fpm.root.toString(),
                    ", \"health_checks\": {\"passive\": {\"fail_duration\": \"1m\", \"max_fails\": 1}}"))) {
                assertEquals("hi", get(h, "/hi.php").bodyText());
                fpm.stop();
                assertEquals(502, get(h, "/hi.php").status(), "the pooled connection is dead and a new dial is refused");
                assertEquals(503, get(h, "/hi.php").status(), "one failure marked the only upstream down");
            }
        }
    }

    /** Active health checks go through the handler's transport: here a FastCGI request for the check's URI. */
    @Test
    void activeHealthChecksRunThroughFastCgi() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true)) {
            fpm.script("hi.php", "<?php echo 'hi';");
            fpm.script("health.php", "<?php if (file_exists(__DIR__ . '/down')) { http_response_code(500); } echo 'checked';");
            try (Heddle h = Heddle.start(proxy(fpm.dial(), fpm.root.toString(),
                    ", \"health_checks\": {\"active\": {\"uri\": \"/health.php\", \"interval\": \"100ms\", \"timeout\": \"2s\"}}"))) {
                assertEquals("hi", get(h, "/hi.php").bodyText());
                java.nio.file.Files.writeString(fpm.root.resolve("down"), "");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> get(h, "/hi.php").status() == 503);
                java.nio.file.Files.delete(fpm.root.resolve("down"));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> get(h, "/hi.php").status() == 200);
            }
        }
    }

    @Test
    void aSlowScriptRunsIntoReadTimeout() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true)) {
            fpm.script("slow.php", "<?php sleep(5); echo 'late';");
            fpm.script("quick.php", "<?php echo 'quick';");
            try (Heddle h = Heddle.start(proxy(fpm.dial(), fpm.root.toString(), "|, \"read_timeout\": \"500ms\""))) {
                long start = System.nanoTime();
                assertEquals(504, get(h, "/slow.php").status());
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 3000, "answered after " + ms + " ms");
                assertEquals("quick", get(h, "/quick.php").bodyText(), "the timed-out connection was not reused");
            }
        }
    }

    /** 100 MiB from PHP through a Heddle whose heap is 64 MiB: the body streams, SHA-exact. */
    @Test
    void aHundredMebibytesStreamUnderA64MiBHeap() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(true)) {
            fpm.script("big.php", """
                    <?php
                    header('Content-Type: application/octet-stream');
                    $block = str_repeat('0123456789abcdef', 65536);
                    for ($i = 0; $i < 100; $i++) { echo $block; flush(); }
                    """);
            try (HeddleProcess p = HeddleProcess.run(proxy(fpm.dial(), fpm.root.toString(), ""), List.of("-Xmx64m"))) {
                int port = p.awaitPort("srv0");
                byte[] block = "0123456789abcdef".repeat(65536).getBytes(StandardCharsets.US_ASCII);
                MessageDigest expected = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < 100; i++) {
                    expected.update(block);
                }
                MessageDigest got = MessageDigest.getInstance("SHA-256");
                long total = 0;
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.getOutputStream().write("GET /big.php HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    assertTrue(head.toString().startsWith("HTTP/1.0 200"), head.toString());
                    byte[] buf = new byte[64 * 1024];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        got.update(buf, 0, n);
                        total += n;
                    }
                }
                assertEquals(100L * block.length, total);
                assertArrayEquals(expected.digest(), got.digest());
                assertTrue(p.process().isAlive(), "heddle survived:\n" + p.output());
            }
        }
    }
}
