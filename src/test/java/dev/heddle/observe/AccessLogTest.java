package dev.heddle.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Access log lines are JSON in Caddy's shape, go where logging.logs routes them, and redact credentials. */
class AccessLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String config(Path file, String logsBlock, String routes) {
        return """
                {"logging": {"logs": {
                   "access": {"writer": {"output": "file", "filename": "%s"}, "include": ["http.log.access"]},
                   "default": {"writer": {"output": "discard"}}}},
                 "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "logs": %s, "routes": %s}}}}}"""
                .formatted(file.toString(), logsBlock, routes);
    }

    private static List<JsonNode> lines(Path file, int atLeast) {
        List<JsonNode> out = new ArrayList<>();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            out.clear();
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    out.add(JSON.readTree(l));
                }
            }
            return out.size() >= atLeast;
        });
        return out;
    }

    @Test
    void lineHasCaddysFieldsAndRedactsCredentials(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        String routes = "[{\"handle\":[{\"handler\":\"static_response\",\"status_code\":201,\"body\":\"hello\",\"headers\":{\"Set-Cookie\":[\"s=1\"]}}]}]";
        try (Heddle h = Heddle.start(config(file, "{\"default_logger_name\": \"log0\"}", routes))) {
            RawClient.exchange(h.port(), "GET /p?q=1 HTTP/1.1\r\nHost: example.test\r\nAuthorization: Bearer secret\r\n"
                    + "Cookie: session=abc\r\nX-Seen: yes\r\nConnection: close\r\n\r\n");
            JsonNode line = lines(file, 1).get(0);
            assertEquals("info", line.get("level").asText());
            assertEquals("http.log.access.log0", line.get("logger").asText());
            assertEquals("handled request", line.get("msg").asText());
            assertTrue(line.get("ts").isNumber() && line.get("duration").isNumber());
            JsonNode req = line.get("request");
            assertEquals("127.0.0.1", req.get("remote_ip").asText());
            assertTrue(req.get("remote_port").asText().matches("\\d+"));
            assertEquals("127.0.0.1", req.get("client_ip").asText());
            assertEquals("HTTP/1.1", req.get("proto").asText());
            assertEquals("GET", req.get("method").asText());
            assertEquals("example.test", req.get("host").asText());
            assertEquals("/p?q=1", req.get("uri").asText());
            assertEquals("[\"REDACTED\"]", req.get("headers").get("Authorization").toString());
            assertEquals("[\"REDACTED\"]", req.get("headers").get("Cookie").toString());
            assertEquals("[\"yes\"]", req.get("headers").get("X-Seen").toString());
            assertEquals(201, line.get("status").asInt());
            assertEquals(5, line.get("size").asInt());
            assertEquals(0, line.get("bytes_read").asInt());
            assertEquals("", line.get("user_id").asText());
            assertEquals("[\"REDACTED\"]", line.get("resp_headers").get("Set-Cookie").toString());
        }
    }

    @Test
    void credentialsAreKeptWhenAsked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        try (Heddle h = Heddle.start(config(file, "{\"should_log_credentials\": true}",
                "[{\"handle\":[{\"handler\":\"static_response\"}]}]"))) {
            RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic abc\r\nConnection: close\r\n\r\n");
            JsonNode line = lines(file, 1).get(0);
            assertEquals("http.log.access", line.get("logger").asText());
            assertEquals("[\"Basic abc\"]", line.get("request").get("headers").get("Authorization").toString());
        }
    }

    @Test
    void proxiedRequestsNameTheirUpstreamAndDisconnectsAreVisible(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        CountDownLatch releaseSlow = new CountDownLatch(1);
        byte[] chunk = new byte[64 * 1024];
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 if (req.requestLine().startsWith("POST /slow")) {
                     try {
                         releaseSlow.await();  // holds the answer until the client has gone
                     } catch (InterruptedException e) {
                         return;
                     }
                     out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                 } else if (req.requestLine().startsWith("GET /big")) {
                     out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + (1L << 30) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                     for (int i = 0; i < (1 << 14); i++) {
                         out.write(chunk);
                     }
                 } else {
                     out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                 }
             });
             Heddle h = Heddle.start(config(file, "{}",
                     "[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]"))) {
            RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc");
            JsonNode proxied = lines(file, 1).get(0);
            assertEquals(up.dial(), proxied.get("upstream").asText());
            assertEquals(0, proxied.get("retries").asInt());
            assertEquals(3, proxied.get("bytes_read").asInt());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                s.getOutputStream().write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                await().atMost(Duration.ofSeconds(5)).until(() -> up.requestCount() == 2);
                s.setSoLinger(true, 0);
            }
            releaseSlow.countDown();
            // Gone before the response started: 499.
            JsonNode early = lines(file, 2).get(1);
            assertEquals(499, early.get("status").asInt(), early.toString());

            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                in.readNBytes(256 * 1024);
                s.setSoLinger(true, 0);
            }
            // Gone mid-body: the status that was sent, and the client write error.
            JsonNode late = lines(file, 3).get(2);
            assertEquals(200, late.get("status").asInt());
            assertTrue(late.get("error").asText().startsWith("client write error"), late.toString());
        }
    }

    /**
     * logger_names sends a host's lines to its own loggers, skip_hosts and skip_unmapped_hosts
     * leave hosts out, and a log's exclude drops a logger its include took.
     */
    @Test
    void loggerNamesSkipsAndExcludes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        String json = """
                {"logging": {"logs": {
                   "access": {"writer": {"output": "file", "filename": "%s"}, "include": ["http.log.access"],
                              "exclude": ["http.log.access.hidden"]},
                   "default": {"writer": {"output": "discard"}}}},
                 "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                   "logs": {"logger_names": {"a.test": ["one", "hidden", "two"], "b.test": "three", "skip.test": "four"},
                            "skip_hosts": ["skip.test"], "skip_unmapped_hosts": true},
                   "routes": [{"handle": [{"handler": "static_response", "body": "x"}]}]}}}}}""".formatted(file);
        try (Heddle h = Heddle.start(json)) {
            for (String host : List.of("a.test", "skip.test", "other.test", "b.test")) {
                RawClient.exchange(h.port(), "GET /" + host + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            }
            // Lines are written in order: once b.test's is there, every earlier one is too.
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                seen.clear();
                for (JsonNode l : lines(file, 0)) {
                    seen.add(l.get("logger").asText() + " " + l.get("request").get("uri").asText());
                }
                return seen.contains("http.log.access.three /b.test");
            });
            assertEquals(List.of("http.log.access.one /a.test", "http.log.access.two /a.test", "http.log.access.three /b.test"), seen);
        }
    }
}
