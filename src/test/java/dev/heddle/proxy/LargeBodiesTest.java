package dev.heddle.proxy;

import dev.heddle.testing.HeddleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bodies stream through the proxy and are never held whole: a 50 MiB upload and a 200 MiB
 * download (fixed-length and chunked) pass byte-exact (SHA-256) while Heddle runs in a child
 * JVM whose heap (-Xmx64m) is far smaller than the bodies.
 */
class LargeBodiesTest {
    private static final long DOWNLOAD = 200L << 20;
    private static final long UPLOAD = 50L << 20;

    private static ServerSocket upstream;
    private static HeddleProcess heddle;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        upstream = new ServerSocket();
        upstream.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(LargeBodiesTest::acceptLoop);
        String config = """
                {"admin": {"disabled": true}, "apps": {"http": {"servers": {"proxy": {"listen": ["127.0.0.1:0"], "routes": [
                  {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "127.0.0.1:%d"}]}]}]}}}}}
                """.formatted(upstream.getLocalPort());
        heddle = HeddleProcess.run(config, List.of("-Xmx64m", "-XX:+UseSerialGC"));
        port = heddle.awaitPort("proxy");
    }

    @AfterAll
    static void stop() throws Exception {
        if (heddle != null) {
            heddle.close();
        }
        upstream.close();
    }

    @Test
    void download200MiBFixedLength() throws Exception {
        assertDownload("/download", "fixed");
    }

    @Test
    void download200MiBChunked() throws Exception {
        assertDownload("/download-chunked", "chunked");
    }

    private void assertDownload(String path, String kind) throws Exception {
        HttpResponse<InputStream> res = client().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, res.statusCode(), heddle.output());
        MessageDigest sha = sha256();
        long total = 0;
        try (InputStream in = res.body()) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                total += n;
            }
        }
        assertEquals(DOWNLOAD, total, kind + " download length");
        assertEquals(expectedSha(DOWNLOAD), HexFormat.of().formatHex(sha.digest()), kind + " download SHA-256");
    }

    @Test
    void upload50MiB() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/upload"))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(UPLOAD)), UPLOAD))
                .build();
        HttpResponse<String> res = client().send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), heddle.output());
        assertEquals(UPLOAD + " " + expectedSha(UPLOAD), res.body());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The upstream: serves the pattern for downloads; answers uploads with length and SHA-256. */
    private static void acceptLoop() {
        while (!upstream.isClosed()) {
            try {
                Socket s = upstream.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String requestLine = readHead(in);
            if (requestLine.startsWith("POST")) {
                MessageDigest sha = sha256();
                long n = 0;
                byte[] buf = new byte[1 << 16];
                while (n < UPLOAD) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, UPLOAD - n));
                    if (r < 0) {
                        break;
                    }
                    sha.update(buf, 0, r);
                    n += r;
                }
                byte[] body = (n + " " + HexFormat.of().formatHex(sha.digest())).getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } else if (requestLine.contains("chunked")) {
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try (PatternStream p = new PatternStream(DOWNLOAD)) {
                    byte[] buf = new byte[50_000];
                    int r;
                    while ((r = p.read(buf)) > 0) {
                        out.write((Integer.toHexString(r) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(buf, 0, r);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + DOWNLOAD + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                new PatternStream(DOWNLOAD).transferTo(out);
            }
            out.flush();
        } catch (IOException e) {
            // the proxy went away; the test's assertions will say so
        }
    }

    /** Reads a request head (assumes a Content-Length body for POST: the test's client sends one). */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed in head");
            }
            head.append((char) c);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static String expectedSha(long length) throws IOException {
        MessageDigest sha = sha256();
        try (PatternStream p = new PatternStream(length)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = p.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A deterministic pseudo-random byte stream of a given length (never all in memory). */
    static final class PatternStream extends InputStream {
        private final Random random = new Random(42);
        private final byte[] block = new byte[1 << 16];
        private long remaining;
        private int pos = block.length;

        PatternStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            if (pos == block.length) {
                random.nextBytes(block);
                pos = 0;
            }
            int n = (int) Math.min(Math.min(len, block.length - pos), remaining);
            System.arraycopy(block, pos, b, off, n);
            pos += n;
            remaining -= n;
            return n;
        }
    }
}
