package dev.heddle.proxy;

import dev.heddle.testing.HeddleProcess;
import dev.heddle.testing.WebSocketEchoUpstream;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 500 WebSocket connections held open at once through Heddle in a child JVM whose whole heap
 * (64 MiB) is a sixteenth of what 1000 platform-thread stacks would reserve: each connection is two
 * virtual threads, not two stacks.
 */
class ManyWebSocketsTest {
    @Test
    void fiveHundredConcurrentWebSockets() throws Exception {
        try (WebSocketEchoUpstream echo = new WebSocketEchoUpstream();
             HeddleProcess heddle = HeddleProcess.run("""
                     {"admin": {"disabled": true}, "apps": {"http": {"servers": {"ws": {"listen": ["127.0.0.1:0"],
                       "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                     .formatted(echo.dial()), List.of("-Xmx64m", "-XX:+UseSerialGC"))) {
            int port = heddle.awaitPort("ws");
            HttpClient client = HttpClient.newHttpClient();
            List<WebSocket> sockets = new ArrayList<>();
            List<WebSocketTest.Collector> collectors = new ArrayList<>();
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                WebSocketTest.Collector c = new WebSocketTest.Collector();
                collectors.add(c);
                opening.add(client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), c));
            }
            for (CompletableFuture<WebSocket> f : opening) {
                sockets.add(f.get(30, TimeUnit.SECONDS));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> echo.openConnections() == 500);
            // With all 500 open, every one still carries messages.
            for (int i = 0; i < 500; i++) {
                sockets.get(i).sendText("m" + i, true);
            }
            for (int i = 0; i < 500; i++) {
                byte[] back = collectors.get(i).messages.poll(30, TimeUnit.SECONDS);
                assertEquals("m" + i, back == null ? null : new String(back, StandardCharsets.UTF_8), heddle.output());
            }
            assertEquals(500, echo.openConnections());
            for (WebSocket ws : sockets) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> echo.openConnections() == 0);
        }
    }
}
