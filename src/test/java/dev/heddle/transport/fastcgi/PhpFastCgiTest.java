package dev.heddle.transport.fastcgi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.PhpFpm;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fastcgi transport against a real php-fpm on a unix socket: the CGI environment as Caddy
 * sends it (the expected map is what Caddy 2.6.2 sent for the same request to the same pool,
 * ports and SERVER_SOFTWARE aside), PATH_INFO splitting, request bodies, status and headers
 * from the script, errors and stderr. Skipped, saying so, where php-fpm is not installed.
 */
class PhpFastCgiTest {
    private static PhpFpm fpm;
    private static Heddle heddle;

    private static final String ENV_SCRIPT = """
            <?php
            header('Content-Type: application/json');
            $out = [];
            foreach ($_SERVER as $k => $v) { if (is_string($v)) $out[$k] = $v; }
            echo json_encode($out, JSON_UNESCAPED_SLASHES);
            """;

    @BeforeAll
    static void start() throws Exception {
        fpm = PhpFpm.start(false, "security.limit_extensions = .php .PHP");
        fpm.script("env.php", ENV_SCRIPT);
        fpm.script("upper.PHP", ENV_SCRIPT);
        fpm.script("\u212A.php", ENV_SCRIPT);  // the Kelvin sign, which Unicode case folding turns into 'k'
        fpm.script("\u0130.php", ENV_SCRIPT);  // İ, whose lower case is longer: a lower-cased copy of the path shifts every index
        fpm.script("post.php", """
                <?php
                $in = file_get_contents('php://input');
                echo json_encode(['len' => strlen($in), 'sha256' => hash('sha256', $in), 'post' => $_POST,
                  'ct' => $_SERVER['CONTENT_TYPE'], 'cl' => $_SERVER['CONTENT_LENGTH'], 'method' => $_SERVER['REQUEST_METHOD']]);
                """);
        fpm.script("status.php", "<?php http_response_code(404); header('X-From: php'); echo 'missing';");
        fpm.script("location.php", "<?php header('Location: /elsewhere');");
        fpm.script("fatal.php", "<?php undefined_function_here();");
        fpm.script("stderr.php", "<?php error_log('a note for the log'); echo 'fine';");
        fpm.script("empty.php", "<?php ");
        java.nio.file.Files.createSymbolicLink(fpm.dir.resolve("www-link"), fpm.root);
        heddle = Heddle.start("""
                {"admin": {"disabled": true}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"match": [{"host": ["resolved.test"]}], "terminal": true, "handle": [{"handler": "reverse_proxy",
                     "upstreams": [{"dial": "%1$s"}], "transport": {"protocol": "fastcgi", "root": "%3$s",
                     "resolve_root_symlink": true, "split_path": [".php"]}}]},
                  {"match": [{"host": ["linked.test"]}], "terminal": true, "handle": [{"handler": "reverse_proxy",
                     "upstreams": [{"dial": "%1$s"}], "transport": {"protocol": "fastcgi", "root": "%3$s", "split_path": [".php"]}}]},
                  {"match": [{"path": ["/buffered/*"]}], "terminal": true, "handle": [
                    {"handler": "rewrite", "strip_path_prefix": "/buffered"},
                    {"handler": "reverse_proxy", "upstreams": [{"dial": "%1$s"}], "request_buffers": 1048576,
                     "transport": {"protocol": "fastcgi", "root": "%2$s", "split_path": [".php"]}}]},
                  {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%1$s"}],
                     "transport": {"protocol": "fastcgi", "root": "%2$s", "split_path": [".php"], "capture_stderr": true,
                                   "env": {"APP_ENV": "test-{http.request.method}"}}}]}]}}}}}
                """.formatted(fpm.dial(), fpm.root, fpm.dir.resolve("www-link")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (heddle != null) {
            heddle.close();
        }
        if (fpm != null) {
            fpm.close();
        }
    }

    private static RawClient.Response send(String request) throws Exception {
        return RawClient.exchange(heddle.port(), request);
    }

    private static JsonNode env(String target, String... headers) throws Exception {
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: site.test:8443\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        RawClient.Response r = send(req.append("Connection: close\r\n\r\n").toString());
        assertEquals(200, r.status(), r.bodyText());
        return new ObjectMapper().readTree(r.body());
    }

    private static JsonNode envAt(String host) throws Exception {
        RawClient.Response r = send("GET /env.php HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status(), r.bodyText());
        return new ObjectMapper().readTree(r.body());
    }

    /** resolve_root_symlink: a root that is a symlink is resolved before it goes to PHP (else passed as written). */
    @Test
    void resolveRootSymlinkResolvesTheRoot() throws Exception {
        String link = fpm.dir.resolve("www-link").toString();
        String real = fpm.root.toRealPath().toString();
        JsonNode resolved = envAt("resolved.test");
        assertEquals(real, resolved.get("DOCUMENT_ROOT").asText());
        assertEquals(real + "/env.php", resolved.get("SCRIPT_FILENAME").asText());
        JsonNode asWritten = envAt("linked.test");
        assertEquals(link, asWritten.get("DOCUMENT_ROOT").asText());
        assertEquals(link + "/env.php", asWritten.get("SCRIPT_FILENAME").asText());
    }

    @Test
    void theCgiEnvironmentIsCaddys() throws Exception {
        int clientPort;
        RawClient.Response r;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            clientPort = s.getLocalPort();
            OutputStream out = s.getOutputStream();
            out.write(("GET /env.php/extra/path%20x?a=1&b=%20 HTTP/1.1\r\nHost: site.test:8443\r\nX-Custom: one\r\n"
                    + "X-Custom: two\r\nProxy: evil\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            r = RawClient.read(s.getInputStream(), false);
        }
        JsonNode env = new ObjectMapper().readTree(r.body());
        String root = fpm.root.toString();
        Map<String, String> expected = new TreeMap<>(Map.ofEntries(
                Map.entry("AUTH_TYPE", ""), Map.entry("CONTENT_LENGTH", "0"), Map.entry("CONTENT_TYPE", ""),
                Map.entry("DOCUMENT_ROOT", root), Map.entry("DOCUMENT_URI", "/env.php"), Map.entry("GATEWAY_INTERFACE", "CGI/1.1"),
                Map.entry("HTTP_HOST", "site.test:8443"), Map.entry("HTTP_X_CUSTOM", "one, two"),
                Map.entry("HTTP_X_FORWARDED_FOR", "127.0.0.1"), Map.entry("HTTP_X_FORWARDED_HOST", "site.test:8443"),
                Map.entry("HTTP_X_FORWARDED_PROTO", "http"), Map.entry("PATH_INFO", "/extra/path x"),
                Map.entry("PATH_TRANSLATED", root + "/extra/path x"), Map.entry("QUERY_STRING", "a=1&b=%20"),
                Map.entry("REMOTE_ADDR", "127.0.0.1"), Map.entry("REMOTE_HOST", "127.0.0.1"), Map.entry("REMOTE_IDENT", ""),
                Map.entry("REMOTE_PORT", String.valueOf(clientPort)), Map.entry("REMOTE_USER", ""), Map.entry("REQUEST_METHOD", "GET"),
                Map.entry("REQUEST_SCHEME", "http"), Map.entry("REQUEST_URI", "/env.php/extra/path%20x?a=1&b=%20"),
                Map.entry("SCRIPT_FILENAME", root + "/env.php"), Map.entry("SCRIPT_NAME", "/env.php"), Map.entry("SERVER_NAME", "site.test"),
                Map.entry("SERVER_PORT", "8443"), Map.entry("SERVER_PROTOCOL", "HTTP/1.1"), Map.entry("APP_ENV", "test-GET")));
        Map<String, String> actual = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = env.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // PHP's own additions, and the one value that names the server
            if (!e.getKey().startsWith("PHP_") && !e.getKey().startsWith("REQUEST_TIME") && !e.getKey().equals("FCGI_ROLE")
                    && !e.getKey().equals("SERVER_SOFTWARE")) {
                actual.put(e.getKey(), e.getValue().asText());
            }
        }
        assertEquals(expected, actual);
        assertTrue(env.get("SERVER_SOFTWARE").asText().startsWith("Heddle/"));
        assertNull(env.get("HTTP_PROXY"), "HTTPoxy: a client's Proxy field never becomes HTTP_PROXY");
        assertEquals("application/json", r.header("Content-Type"), "CGI header names in Go's canonical form");
    }

    /**
     * FCGI_PARAMS as php-fpm reads them: lengths in one byte below 128 and four bytes from 128;
     * past one record's 65500 bytes the pairs go on in the next record, never split; a value too
     * long for a record is cut to fit, as Caddy does (its writePairs).
     */
    @ParameterizedTest(name = "{0} × name {1}, value {2} bytes")
    @CsvSource({"1, 5, 127", "1, 5, 128", "1, 126, 300", "2, 10, 40000", "1, 200, 70000"})
    void longNamesAndValuesReachPhp(int count, int nameLength, int valueLength) throws Exception {
        String[] headers = new String[count];
        for (int i = 0; i < count; i++) {
            headers[i] = "X-" + (char) ('a' + i) + "n".repeat(nameLength - 3) + ": " + "v".repeat(valueLength - 1) + "!";
        }
        JsonNode env = env("/env.php", headers);
        for (int i = 0; i < count; i++) {
            String key = "HTTP_X_" + (char) ('A' + i) + "N".repeat(nameLength - 3);
            String value = "v".repeat(valueLength - 1) + "!";
            String expected = value.substring(0, Math.min(value.length(), Params.MAX_RECORD - 8 - key.length()));
            assertEquals(expected, env.path(key).asText(null), key);
        }
        assertEquals("site.test", env.get("SERVER_NAME").asText(), "the other params are intact");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // target                  | SCRIPT_NAME   | PATH_INFO | DOCUMENT_URI
        "/env.php                  | /env.php      | ''        | /env.php",
        "/env.php/a/b              | /env.php      | /a/b      | /env.php",
        "/upper.PHP/x              | /upper.PHP    | /x        | /upper.PHP",
        "/%E2%84%AA.php/info       | /\u212A.php   | /info     | /\u212A.php",
        "/%C4%B0.php/info          | /\u0130.php  | /info     | /\u0130.php",
        "/buffered/env.php/y       | /env.php      | /y        | /env.php",
    })
    void pathInfoSplitting(String target, String scriptName, String pathInfo, String docUri) throws Exception {
        JsonNode env = env(target);
        assertEquals(scriptName, env.get("SCRIPT_NAME").asText());
        assertEquals(pathInfo, env.get("PATH_INFO").asText());
        assertEquals(docUri, env.get("DOCUMENT_URI").asText());
        assertEquals(fpm.root + scriptName, env.get("SCRIPT_FILENAME").asText());
    }

    private static JsonNode post(String method, String target, String contentType, byte[] body, boolean chunked) throws Exception {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append(chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + body.length + "\r\n\r\n");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (chunked) {
                out.write((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(body);
            }
            RawClient.Response r = RawClient.read(s.getInputStream(), false);
            if (r.status() != 200) {
                return new ObjectMapper().createObjectNode().put("status", r.status());
            }
            return new ObjectMapper().readTree(r.body());
        }
    }

    @Test
    void requestBodies() throws Exception {
        JsonNode form = post("POST", "/post.php", "application/x-www-form-urlencoded", "a=1&b=two".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("1", form.get("post").get("a").asText());
        assertEquals("two", form.get("post").get("b").asText());
        assertEquals("9", form.get("cl").asText());

        byte[] big = new byte[10 * 1024 * 1024];
        new Random(1).nextBytes(big);
        JsonNode upload = post("POST", "/post.php", "application/octet-stream", big, false);
        assertEquals(big.length, upload.get("len").asInt());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(big)), upload.get("sha256").asText());

        JsonNode put = post("PUT", "/post.php", null, "xyz".getBytes(StandardCharsets.UTF_8), false);
        assertEquals("PUT", put.get("method").asText());
        assertEquals("application/x-www-form-urlencoded", put.get("ct").asText(), "Caddy's default type for a body");

        JsonNode smallChunked = post("POST", "/post.php", "text/plain", "hello".getBytes(StandardCharsets.UTF_8), true);
        assertEquals("5", smallChunked.get("cl").asText(), "a chunked body up to 4 KiB is measured first");
        assertEquals(411, post("POST", "/post.php", "text/plain", new byte[5000], true).get("status").asInt(),
                "a longer body of unknown length cannot be given a CONTENT_LENGTH");
        byte[] chunkedBig = new byte[200_000];
        new Random(2).nextBytes(chunkedBig);
        JsonNode buffered = post("POST", "/buffered/post.php", "text/plain", chunkedBig, true);
        assertEquals(chunkedBig.length, buffered.get("len").asInt(), "request_buffers gives it a length");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(chunkedBig)), buffered.get("sha256").asText());
    }

    @Test
    void statusHeadersAndErrorsFromTheScript() throws Exception {
        RawClient.Response missing = send("GET /status.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(404, missing.status());
        assertEquals("php", missing.header("X-From"));
        assertEquals("missing", missing.bodyText());
        assertNull(missing.header("Status"), "the CGI Status field sets the status and is not forwarded");
        RawClient.Response moved = send("GET /location.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(302, moved.status(), "PHP sends Status: 302 with a Location");
        assertEquals("/elsewhere", moved.header("Location"));
        assertEquals(200, send("GET /empty.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), "an empty stdout is a 200");
        RawClient.Response none = send("GET /nope.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(404, none.status(), "php-fpm's own answer for a missing script");
        RawClient.Response nul = send("GET /env.php%00.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(400, nul.status(), "a NUL in the path never reaches PHP");
    }

    @Test
    void aFatalErrorIsA500AndStderrIsLoggedOnce() throws Exception {
        try (LogCapture log = new LogCapture("dev.heddle.fastcgi")) {
            RawClient.Response fatal = send("GET /fatal.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(500, fatal.status());
            RawClient.Response fine = send("GET /stderr.php HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, fine.status());
            assertEquals("fine", fine.bodyText(), "stderr never changes the response");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> log.records().size() >= 2);
            assertEquals(1, log.messages(Level.SEVERE, Level.OFF).stream().filter(m -> m.contains("undefined_function_here")).count(),
                    log.records().toString());
            assertEquals(1, log.messages(Level.WARNING, Level.SEVERE).stream().filter(m -> m.contains("a note for the log")).count(),
                    log.records().toString());
        }
    }
}
