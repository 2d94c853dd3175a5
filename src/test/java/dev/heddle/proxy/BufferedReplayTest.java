package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A 10 MiB POST buffered by request_buffers is replayed byte-exact after the first upstream
 * resets mid-body; without buffering the same failure is a 502 and nothing is resent.
 */
class BufferedReplayTest {
    private static final int SIZE = 10 << 20;

    private static String run(String buffers, RawUpstream second) throws Exception {
        byte[] body = new byte[SIZE];
        new Random(7).nextBytes(body);
        try (RawUpstream breaksMidBody = new RawUpstream(s -> {
                 InputStream in = s.getInputStream();
                 in.readNBytes(1 << 20);  // head and the first MiB of the body
                 s.setSoLinger(true, 0);
                 s.close();
             });
             Heddle heddle = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}]%s,
                       "load_balancing": {"selection_policy": {"policy": "first"}, "retries": 1,
                                          "retry_match": [{"method": ["POST"]}]}}]}]"""
                     .formatted(breaksMidBody.dial(), second.dial(), buffers))) {
            HttpResponse<String> res = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create(heddle.url("/upload"))).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(1, breaksMidBody.requestCount());
            return res.statusCode() + " " + res.body();
        }
    }

    private static RawUpstream hashingUpstream() throws Exception {
        return new RawUpstream((req, out, s) -> {
            byte[] sha = HexFormat.of().formatHex(sha256(req.body())).getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + sha.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(sha);
        });
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bufferedBodyIsReplayedExactly() throws Exception {
        byte[] body = new byte[SIZE];
        new Random(7).nextBytes(body);
        try (RawUpstream second = hashingUpstream()) {
            assertEquals("200 " + HexFormat.of().formatHex(sha256(body)), run(", \"request_buffers\": 16777216", second));
            assertEquals(1, second.requestCount());
        }
    }

    /** Caddy 2.6's buffer_requests (with max_buffer_size, 0 = no limit) is taken as request_buffers. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        ", \"buffer_requests\": true",
        ", \"buffer_requests\": true, \"max_buffer_size\": 0",
        ", \"buffer_requests\": true, \"max_buffer_size\": 16777216"})
    void caddy26BufferRequestsReplaysToo(String fields) throws Exception {
        byte[] body = new byte[SIZE];
        new Random(7).nextBytes(body);
        try (RawUpstream second = hashingUpstream()) {
            assertEquals("200 " + HexFormat.of().formatHex(sha256(body)), run(fields, second));
        }
    }

    @Test
    void unbufferedBodyIsNeverResent() throws Exception {
        try (RawUpstream second = hashingUpstream()) {
            assertEquals("502 ", run("", second));  // Caddy's empty error body
            assertEquals(0, second.requestCount());
        }
    }
}
