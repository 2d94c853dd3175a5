package dev.heddle.handlers.encode;

import com.github.luben.zstd.ZstdInputStream;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caddy's encode over real sockets: negotiation, minimum_length, match, the ETag suffix,
 * 206 and no-transform left alone, and bodies that round-trip (decompressed here) from a
 * static_response, a proxied streaming upstream and file_server; an event stream is flushed
 * per event through gzip.
 */
class EncodeTest {
    private static final String TEXT = "The quick brown fox jumps over the lazy dog. ".repeat(60);
    private static final String ENCODE = "{\"handler\": \"encode\", \"encodings\": {\"gzip\": {}, \"zstd\": {}}}";

    private static RawClient.Response get(Heddle h, String path, String... headers) throws IOException {
        StringBuilder req = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: x\r\n");
        for (String header : headers) {
            req.append(header).append("\r\n");
        }
        return RawClient.exchange(h.port(), req.append("Connection: close\r\n\r\n").toString());
    }

    static byte[] decode(String encoding, byte[] body) throws IOException {
        if (encoding == null) {
            return body;
        }
        try (InputStream in = encoding.equals("gzip") ? new GZIPInputStream(new ByteArrayInputStream(body))
                : new ZstdInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // Accept-Encoding             | chosen
        "gzip                          | gzip",
        "zstd                          | zstd",
        "gzip, zstd                    | zstd",
        "gzip;q=1, zstd;q=0.5          | gzip",
        "zstd;q=0, gzip                | gzip",
        "br                            | NONE",
        "identity                      | NONE",
    })
    void negotiatesAndRoundTrips(String accept, String chosen) throws Exception {
        try (Heddle h = Heddle.withRoutes("[{\"handle\": [" + ENCODE + ", {\"handler\": \"static_response\", \"body\": \"" + TEXT + "\"}]}]")) {
            RawClient.Response r = get(h, "/", "Accept-Encoding: " + accept);
            assertEquals(200, r.status());
            assertEquals(chosen, r.header("Content-Encoding"));
            assertEquals(TEXT, new String(decode(chosen, r.body()), StandardCharsets.UTF_8));
            if (chosen != null) {
                assertEquals("Accept-Encoding", r.header("Vary"));
                assertTrue(r.body().length < TEXT.length() / 5, "compressed to " + r.body().length);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // what                              | extra encode fields            | response fields                                                  | request header                | encoded
        "512 bytes is not more than minimum  | ''                             | \"body\": \"{x512}\"                                              | X: y                          | false",
        "513 bytes is                        | ''                             | \"body\": \"{x513}\"                                              | X: y                          | true",
        "a lower minimum_length              | , \"minimum_length\": 10       | \"body\": \"{x20}\"                                               | X: y                          | true",
        "an image type is not in the match   | ''                             | \"body\": \"{x600}\", \"headers\": {\"Content-Type\": [\"image/png\"]} | X: y                     | false",
        "a custom match                      | , \"match\": {\"headers\": {\"Content-Type\": [\"image/*\"]}} | \"body\": \"{x600}\", \"headers\": {\"Content-Type\": [\"image/png\"]} | X: y | true",
        "status match by class               | , \"match\": {\"status_code\": [4]} | \"body\": \"{x600}\", \"status_code\": 200                   | X: y                          | false",
        "already encoded                     | ''                             | \"body\": \"{x600}\", \"headers\": {\"Content-Encoding\": [\"br\"]} | X: y                        | false",
        "response no-transform               | ''                             | \"body\": \"{x600}\", \"headers\": {\"Cache-Control\": [\"no-transform\"]} | X: y                | false",
        "request no-transform                | ''                             | \"body\": \"{x600}\"                                              | Cache-Control: no-transform   | false",
    })
    void whenToEncode(String what, String extra, String response, String header, boolean encoded) throws Exception {
        String resp = response;
        for (int n : new int[] {512, 513, 20, 600}) {
            resp = resp.replace("{x" + n + "}", "a".repeat(n));
        }
        try (Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"encode\", \"encodings\": {\"gzip\": {}}" + extra + "},"
                + " {\"handler\": \"static_response\", " + resp + "}]}]")) {
            RawClient.Response r = get(h, "/", "Accept-Encoding: gzip", header);
            assertEquals(encoded ? "gzip" : null, r.header("Content-Encoding") == null || r.header("Content-Encoding").equals("br")
                    ? null : r.header("Content-Encoding"), what);
        }
    }

    @Test
    void aStreamedProxiedBodyOfUnknownLengthIsEncodedAndRoundTrips() throws Exception {
        byte[] big = (TEXT + "\n").repeat(2000).getBytes(StandardCharsets.UTF_8);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int off = 0; off < big.length; off += 10000) {
                int n = Math.min(10000, big.length - off);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(big, off, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.withRoutes("[{\"handle\": [" + ENCODE + ", {\"handler\": \"reverse_proxy\", \"upstreams\": [{\"dial\": \""
                     + up.dial() + "\"}]}]}]")) {
            for (String enc : new String[] {"gzip", "zstd"}) {
                RawClient.Response r = get(h, "/", "Accept-Encoding: " + enc);
                assertEquals(enc, r.header("Content-Encoding"));
                assertNull(r.header("Content-Length"));
                assertArrayEquals(big, decode(enc, r.body()), enc);
            }
        }
    }

    @Test
    void filesGetTheEtagSuffixAnd304sAndRangesAreLeftAlone() throws Exception {
        Path dir = Files.createTempDirectory("heddle-encode");
        try {
            Files.writeString(dir.resolve("page.html"), TEXT);
            try (Heddle h = Heddle.withRoutes("[{\"handle\": [" + ENCODE + ", {\"handler\": \"file_server\", \"root\": \"" + dir + "\"}]}]")) {
                RawClient.Response plain = get(h, "/page.html");
                String etag = plain.header("ETag");
                RawClient.Response gz = get(h, "/page.html", "Accept-Encoding: gzip");
                assertEquals("gzip", gz.header("Content-Encoding"));
                assertEquals(etag.substring(0, etag.length() - 1) + "-gzip\"", gz.header("ETag"));
                assertNull(gz.header("Accept-Ranges"));
                assertEquals(TEXT, new String(decode("gzip", gz.body()), StandardCharsets.UTF_8));
                RawClient.Response zst = get(h, "/page.html", "Accept-Encoding: zstd");
                assertEquals("zstd", zst.header("Content-Encoding"));
                assertEquals(etag.substring(0, etag.length() - 1) + "-zstd\"", zst.header("ETag"));
                assertEquals(TEXT, new String(decode("zstd", zst.body()), StandardCharsets.UTF_8));
                RawClient.Response notModified = get(h, "/page.html", "Accept-Encoding: gzip", "If-None-Match: " + gz.header("ETag"));
                assertEquals(304, notModified.status(), "the suffix is stripped before file_server compares");
                assertEquals("Accept-Encoding", notModified.header("Vary"));
                RawClient.Response range = get(h, "/page.html", "Accept-Encoding: gzip", "Range: bytes=0-999");
                assertEquals(206, range.status());
                assertNull(range.header("Content-Encoding"), "a partial representation is never encoded");
                assertEquals(TEXT.substring(0, 1000), range.bodyText());
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void headShowsTheEncodingAndErrorPagesGoOutPlain() throws Exception {
        try (Heddle h = Heddle.start("""
                {"admin": {"disabled": true}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"match": [{"path": ["/fail"]}], "terminal": true, "handle": [%1$s, {"handler": "error", "status_code": 503}]},
                  {"handle": [%1$s, {"handler": "static_response", "body": "%2$s"}]}],
                 "errors": {"routes": [{"handle": [{"handler": "static_response", "body": "%2$s"}]}]}}}}}}
                """.formatted(ENCODE, TEXT))) {
            RawClient.Response head = RawClient.exchange(h.port(), "HEAD / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
            assertEquals("gzip", head.header("Content-Encoding"));
            assertEquals(0, head.body().length);
            RawClient.Response failed = get(h, "/fail", "Accept-Encoding: gzip");
            assertEquals(503, failed.status());
            assertNull(failed.header("Content-Encoding"), "a handler error turns encoding off for the error page");
            assertEquals(TEXT, failed.bodyText());
        }
    }

    /** Each event reaches the client through gzip while the upstream still holds the stream open. */
    @Test
    void eventStreamsAreFlushedPerEvent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] event = "data: one\n\n".getBytes(StandardCharsets.US_ASCII);
            out.write((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(event);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"encode\", \"encodings\": {\"gzip\": {}}}, {\"handler\": \"reverse_proxy\","
                     + " \"flush_interval\": -1, \"upstreams\": [{\"dial\": \"" + up.dial() + "\"}]}]}]");
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertTrue(head.contains("Content-Encoding: gzip"), head);
            // inflate what arrives (chunk framing stripped) until the first event shows
            Inflater inflater = new Inflater(true);
            StringBuilder seen = new StringBuilder();
            byte[] gz = new byte[0];
            while (!seen.toString().contains("data: one\n\n")) {
                byte[] chunk = readChunk(in);
                gz = concat(gz, chunk);
                if (gz.length > 10) {
                    inflater.reset();
                    inflater.setInput(gz, 10, gz.length - 10);  // past the gzip header
                    byte[] buf = new byte[256];
                    int n = inflater.inflate(buf);
                    seen.setLength(0);
                    seen.append(new String(buf, 0, n, StandardCharsets.US_ASCII));
                }
            }
            release.countDown();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (!b.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in the head: " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    private static byte[] readChunk(InputStream in) throws IOException {
        StringBuilder size = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                size.append((char) c);
            }
        }
        byte[] data = in.readNBytes(Integer.parseInt(size.toString().trim(), 16));
        in.readNBytes(2);
        return data;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
