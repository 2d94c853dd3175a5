package dev.heddle.server.http2;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 as curl sees it: a 100 MiB download through the proxy byte-exact, 103 Early Hints and
 * trailers relayed on the stream, h2c by prior knowledge only when the server lists it, and the
 * {@code protocols} field deciding what ALPN offers.
 */
class Http2CurlTest {
    private static TlsTestSite site;

    @BeforeAll
    static void certificates() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        site = new TlsTestSite("Heddle HTTP/2 curl Test CA");
    }

    @AfterAll
    static void clean() {
        if (site != null) {
            site.close();
        }
    }

    private static String tlsServer(String routes, String serverExtra) {
        return site.config(routes, serverExtra);
    }

    private static String proxy(String dial) {
        return "[{\"handle\": [{\"handler\": \"reverse_proxy\", \"upstreams\": [{\"dial\": \"" + dial + "\"}]}]}]";
    }

    /** curl with these arguments against https://localhost:port (resolved to 127.0.0.1); stdout goes to {@code sink}. */
    private static int curl(int port, String path, OutputStream sink, OutputStream stderr, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60", "--cacert", site.pki.caFile().toString(),
                "--resolve", "localhost:" + port + ":127.0.0.1"));
        cmd.addAll(List.of(args));
        cmd.add("https://localhost:" + port + path);
        Process p = new ProcessBuilder(cmd).start();
        Thread err = Thread.ofVirtual().start(() -> {
            try {
                p.getErrorStream().transferTo(stderr);
            } catch (IOException e) {
                // curl ended
            }
        });
        try (InputStream out = p.getInputStream()) {
            out.transferTo(sink);
        }
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "curl finished");
        err.join();
        return p.exitValue();
    }

    @Test
    void aHundredMebibyteDownloadIsByteExact() throws Exception {
        long size = 100L * 1024 * 1024;
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Random r = new Random(2026);
            byte[] buf = new byte[64 * 1024];
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                synchronized (sent) {
                    sent.update(buf, 0, n);
                }
                out.write(buf, 0, n);
            }
        });
             Heddle h = Heddle.start(tlsServer(proxy(up.dial()), ""))) {
            MessageDigest got = MessageDigest.getInstance("SHA-256");
            long[] count = new long[1];
            OutputStream digesting = new OutputStream() {
                @Override
                public void write(int b) {
                    got.update((byte) b);
                    count[0]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    got.update(b, off, len);
                    count[0] += len;
                }
            };
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            int exit = curl(h.port(), "/big", digesting, err, "--http2", "-o", "-", "-w", "");
            assertEquals(0, exit, "curl: " + err);
            assertEquals(size, count[0]);
            String expected;
            synchronized (sent) {
                expected = HexFormat.of().formatHex(sent.digest());
            }
            assertEquals(expected, HexFormat.of().formatHex(got.digest()), "every byte, in order");
        }
    }

    @Test
    void earlyHintsAndTrailersTravelOnTheStream() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTrailer: X-Checksum\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.start(tlsServer(proxy(up.dial()), ""))) {
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream verbose = new java.io.ByteArrayOutputStream();
            int exit = curl(h.port(), "/hints", body, verbose, "--http2", "-v", "-H", "TE: trailers");
            String v = verbose.toString(StandardCharsets.UTF_8);
            assertEquals(0, exit, v);
            assertEquals("hello", body.toString(StandardCharsets.US_ASCII));
            assertTrue(v.contains("< HTTP/2 103"), "the 103 went out before the final head:\n" + v);
            assertTrue(v.contains("< link: </style.css>; rel=preload"), v);
            assertTrue(v.contains("< HTTP/2 200"), v);
            assertTrue(v.contains("< x-checksum: abc"), "the trailer followed the body:\n" + v);
        }
    }

    @Test
    void protocolsDecideWhatAlpnOffers() throws Exception {
        String routes = "[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.request.proto}\"}]}]";
        try (Heddle h = Heddle.start(tlsServer(routes, ""))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            curl(h.port(), "/", out, OutputStream.nullOutputStream(), "--http2", "-w", " %{http_version}");
            assertEquals("HTTP/2.0 2", out.toString(StandardCharsets.US_ASCII), "default protocols: h2 by ALPN");
        }
        try (Heddle h = Heddle.start(tlsServer(routes, " \"protocols\": [\"h1\"],"))) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            curl(h.port(), "/", out, OutputStream.nullOutputStream(), "--http2", "-w", " %{http_version}");
            assertEquals("HTTP/1.1 1.1", out.toString(StandardCharsets.US_ASCII), "h1 only: ALPN never picks h2");
        }
        try (LogCapture logs = new LogCapture("dev.heddle.config");
             Heddle h = Heddle.start(tlsServer(routes, " \"protocols\": [\"h1\", \"h2\", \"h3\"],"))) {
            List<String> warnings = logs.messages(java.util.logging.Level.WARNING, java.util.logging.Level.OFF);
            assertTrue(warnings.stream().anyMatch(m -> m.contains("HTTP/3 is not served")), "h3 loads with a warning: " + warnings);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            curl(h.port(), "/", out, err, "--http2", "-D", "-");
            assertTrue(!out.toString(StandardCharsets.US_ASCII).toLowerCase().contains("alt-svc"), "no Alt-Svc advertised: " + out);
        }
    }

    @Test
    void h2cPriorKnowledgeOnlyWhenListed() throws Exception {
        String routes = "[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.request.proto}\"}]}]";
        String with = "{\"apps\": {\"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"], \"protocols\": [\"h1\", \"h2c\"],"
                + " \"routes\": " + routes + "}}}}}";
        try (Heddle h = Heddle.start(with)) {
            Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--http2-prior-knowledge", "-w", " %{http_version}",
                    "http://127.0.0.1:" + h.port() + "/").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals("HTTP/2.0 2", out, "h2c listed: prior knowledge is served");
            assertEquals(200, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(),
                    "HTTP/1.1 still served beside it");
        }
        try (Heddle h = Heddle.withRoutes(routes)) {
            try (Socket s = new Socket("127.0.0.1", h.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(answer.startsWith("HTTP/1.1 505 "), "h2c not listed (the default): the preface is refused as Go's HTTP/1 does: " + answer);
            }
        }
    }
}
