package dev.heddle.cli;

import dev.heddle.testing.HeddleProcess;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI's commands, exit codes and messages. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validateAcceptsQuickstart() {
        assertEquals(0, run("validate", "--config", "conf/quickstart.json"));
        assertEquals("Valid configuration: conf/quickstart.json (3 servers)\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateRejectsWithThePath(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"routes\":[{\"handle\":[{\"handler\":\"nope\"}]}]}}}}}");
        assertEquals(1, run("validate", "--config", bad.toString()));
        assertEquals("heddle: apps.http.servers.s.routes[0].handle[0].handler: unknown handler \"nope\"\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsOneLine() {
        assertEquals(1, run("validate", "--config", "no/such.json"));
        assertEquals("heddle: config file no/such.json does not exist\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("run"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("heddle: run needs --config FILE\n"));
        assertEquals(2, run("frobnicate"));
        assertEquals(2, run("reverse-proxy", "--from", ":1"));
    }

    @Test
    void adaptPrintsCaddysJson(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("site.caddyfile");
        Files.writeString(f, ":8080 {\n\treverse_proxy 127.0.0.1:9000\n}\n");
        assertEquals(0, run("adapt", "--config", f.toString()), err.toString(StandardCharsets.UTF_8));
        assertEquals("{\"apps\":{\"http\":{\"servers\":{\"srv0\":{\"listen\":[\":8080\"],\"routes\":[{\"handle\":"
                + "[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:9000\"}]}]}]}}}}}\n",
                out.toString(StandardCharsets.UTF_8));
        out.reset();
        assertEquals(0, run("adapt", "--config", f.toString(), "--pretty"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("\n  \"apps\" : {"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void validateAdaptsAFileNamedLikeACaddyfile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("Caddyfile.prod");
        Files.writeString(f, ":8080 {\n\tbind 127.0.0.1\n\trespond ok\n}\n");
        assertEquals(0, run("validate", "--config", f.toString()), err.toString(StandardCharsets.UTF_8));
        assertEquals("Valid configuration: " + f + " (1 server)\n", out.toString(StandardCharsets.UTF_8));
        out.reset();
        // Any other name is JSON unless --adapter says otherwise.
        Path other = dir.resolve("site.conf");
        Files.writeString(other, Files.readString(f));
        assertEquals(1, run("validate", "--config", other.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("heddle: invalid JSON"), err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(0, run("validate", "--config", other.toString(), "--adapter", "caddyfile"), err.toString(StandardCharsets.UTF_8));
        assertEquals(1, run("validate", "--config", other.toString(), "--adapter", "nginx"));
        assertEquals("heddle: unrecognized config adapter 'nginx' (Heddle knows 'caddyfile')\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void caddyfileErrorsNameFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("Caddyfile");
        Files.writeString(f, ":8080 {\n\tproxy_pass http://127.0.0.1:9000\n}\n");
        assertEquals(1, run("run", "--config", f.toString()));
        assertEquals("heddle: adapting config using caddyfile: " + f + ":2 - unrecognized directive: proxy_pass\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionNamesTheJava() {
        assertEquals(0, run("version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("heddle \\S+ \\(Java \\d+.*\\)\\n"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aLowOpenFileLimitIsWarnedAboutOnceAtStart() throws Exception {
        try (HeddleProcess heddle = HeddleProcess.startWithFileLimit(1024, "reverse-proxy", "--from", "127.0.0.1:0",
                "--to", "127.0.0.1:9")) {
            heddle.awaitPort("proxy");
            String out = heddle.output();
            assertTrue(out.contains("open-file limit is 1024, below the 8192"), out);
            assertTrue(out.contains("ulimit -n 65536"), out);
            assertEquals(out.indexOf("open-file limit"), out.lastIndexOf("open-file limit"), out);
        }
    }

    @Test
    void aSufficientOpenFileLimitIsNotWarnedAbout() throws Exception {
        long hard = FileLimitCheck.current();
        org.junit.jupiter.api.Assumptions.assumeTrue(hard >= 8192, "this machine's hard open-file limit is " + hard);
        assertNull(FileLimitCheck.warning(8192));
        assertNotNull(FileLimitCheck.warning(8191));
        try (HeddleProcess heddle = HeddleProcess.startWithFileLimit(8192, "reverse-proxy", "--from", "127.0.0.1:0",
                "--to", "127.0.0.1:9")) {
            heddle.awaitPort("proxy");
            assertFalse(heddle.output().contains("open-file limit"), heddle.output());
        }
    }

    @Test
    void reverseProxyModeNeedsNoFile() throws Exception {
        try (RawUpstream upstream = RawUpstream.ok("from upstream");
             HeddleProcess heddle = HeddleProcess.start(List.of(), "reverse-proxy", "--from", "127.0.0.1:0",
                     "--to", upstream.dial())) {
            int port = heddle.awaitPort("proxy");
            RawClient.Response res = RawClient.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, res.status(), heddle.output());
            assertEquals("from upstream", res.bodyText());
        }
    }

    @Test
    void reloadAndStopThroughTheAdminApi(@TempDir Path dir) throws Exception {
        // Port 0 for both listeners, read back from the log: no port picked ahead that another could take.
        String template = """
                {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"servers": {"s": {"listen": ["127.0.0.1:0"],
                  "routes": [{"handle": [{"handler": "static_response", "body": "%s"}]}]}}}}}""";
        Path v1 = dir.resolve("v1.json");
        Path v2 = dir.resolve("v2.json");
        Path bad = dir.resolve("bad.json");
        Files.writeString(v1, template.formatted("one"));
        Files.writeString(v2, template.formatted("two"));
        Path typo = dir.resolve("typo.json");
        Files.writeString(typo, template.formatted("x").replace("\"body\"", "\"bodyy\""));
        try (RawUpstream busy = RawUpstream.ok("busy");
             HeddleProcess heddle = HeddleProcess.start(List.of(), "run", "--config", v1.toString())) {
            // Valid as a file (so the CLI sends it), refused by the server: a second listener on a taken port.
            Files.writeString(bad, template.formatted("x").replace("}}}}}",
                    "}, \"t\": {\"listen\": [\"127.0.0.1:" + busy.port() + "\"], \"routes\": []}}}}}"));
            assertEquals(0, run("validate", "--config", bad.toString()), err.toString(StandardCharsets.UTF_8));
            int port = heddle.awaitPort("s");
            int adminPort = heddle.awaitAdminPort();
            String admin = "127.0.0.1:" + adminPort;
            assertEquals("one", body(port));

            assertEquals(1, run("reload", "--config", typo.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("routes[0].handle[0].bodyy: unknown field (did you mean \"body\"?)"),
                    err.toString(StandardCharsets.UTF_8));
            err.reset();

            assertEquals(1, run("reload", "--config", bad.toString(), "--address", admin));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot listen on 127.0.0.1:" + busy.port()),
                    "the running instance refused it: " + err.toString(StandardCharsets.UTF_8));
            assertEquals("one", body(port), "an invalid reload leaves the running config serving");

            assertEquals(0, run("reload", "--config", v2.toString(), "--address", admin), err.toString(StandardCharsets.UTF_8));
            assertEquals("two", body(port));

            assertEquals(0, run("stop", "--address", admin));
            assertEquals(0, heddle.waitForExit(), heddle.output());
            assertEquals(1, run("stop", "--address", admin));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot reach the admin API at " + admin));
        }
    }

    private static String body(int port) throws java.io.IOException {
        return RawClient.exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
    }

    @Test
    void portInUseIsOneLineNamingTheListener() throws Exception {
        try (RawUpstream busy = RawUpstream.ok("x");
             HeddleProcess heddle = HeddleProcess.start(List.of(), "reverse-proxy", "--from", "127.0.0.1:" + busy.port(),
                     "--to", "127.0.0.1:1")) {
            assertEquals(1, heddle.waitForExit());
            assertTrue(heddle.output().contains("heddle: apps.http.servers.proxy.listen[0]: cannot listen on 127.0.0.1:" + busy.port()),
                    heddle.output());
        }
    }
}
