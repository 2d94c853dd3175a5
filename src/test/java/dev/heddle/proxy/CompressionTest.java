package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The http transport's {@code compression} (Caddy's default on, caddy-reference-2.md §F): a
 * client that sent no Accept-Encoding (not HEAD, no Range) gets the upstream asked for gzip and
 * the answer decoded; a client's own Accept-Encoding passes through untouched, and so does the
 * reply; {@code compression: false} asks for nothing.
 */
class CompressionTest {
    private static final String TEXT = "hello, compressed world\n".repeat(200);

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Gzips its answer when asked to; answers "saw=<Accept-Encoding>" in a header either way. */
    private static RawUpstream upstream() throws Exception {
        byte[] zipped = gzip(TEXT);
        return new RawUpstream((req, out, s) -> {
            String ae = req.header("Accept-Encoding");
            boolean gz = ae != null && ae.contains("gzip");
            byte[] body = gz ? zipped : TEXT.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nX-Saw: " + ae + "\r\n" + (gz ? "Content-Encoding: gzip\r\n" : "")
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            if (!req.requestLine().startsWith("HEAD")) {
                out.write(body);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                        | transport fields          | method | client's extra field   | upstream saw | client gets
        "asked and decoded             | ''                        | GET    | ''                     | gzip         | plain",
        "the client's own passes       | ''                        | GET    | Accept-Encoding: gzip  | gzip         | gzip",
        "identity asked by the client  | ''                        | GET    | Accept-Encoding: identity | identity  | plain",
        "compression off               | ,\"compression\": false   | GET    | ''                     | null         | plain",
        "a Range is never asked for    | ''                        | GET    | Range: bytes=0-9       | null         | plain",
    })
    void compression(String what, String fields, String method, String extra, String saw, String gets) throws Exception {
        try (RawUpstream up = upstream();
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial()
                     + "\"}],\"transport\":{\"protocol\":\"http\"" + fields + "}}]}]")) {
            RawClient.Response r = RawClient.exchange(h.port(), method + " / HTTP/1.1\r\nHost: x\r\n"
                    + (extra.isEmpty() ? "" : extra + "\r\n") + "Connection: close\r\n\r\n");
            assertEquals(200, r.status(), what);
            assertEquals(saw, r.header("X-Saw"), what + ": the Accept-Encoding the upstream saw");
            if (gets.equals("plain")) {
                assertEquals(null, r.header("Content-Encoding"), what);
                assertEquals(TEXT, r.bodyText(), what);
            } else {
                assertEquals("gzip", r.header("Content-Encoding"), what);
                assertArrayEquals(gzip(TEXT), r.body(), what);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void headIsNeverAskedForGzip() throws Exception {
        try (RawUpstream up = upstream();
             Heddle h = Heddle.proxyTo(up.dial())) {
            RawClient.Response r = RawClient.exchange(h.port(), "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("null", r.header("X-Saw"));
        }
    }
}
