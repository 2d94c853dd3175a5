package dev.heddle.server;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real HTTP/1.0 clients through the proxy (issue 18): ApacheBench (`ab` speaks HTTP/1.0), curl
 * with --http1.0, and nginx in front of Heddle with its default proxy_pass (HTTP/1.0, no
 * keep-alive). Each needs its tool; .ci/run installs them (apache2-utils, curl, nginx-light).
 */
class Http10ClientsTest {
    private static RawUpstream upstream;
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        upstream = RawUpstream.ok("hello from upstream");
        heddle = Heddle.proxyTo(upstream.dial());
    }

    @AfterAll
    static void stop() throws IOException {
        heddle.close();
        upstream.close();
    }

    private static boolean installed(String tool) {
        return tool(tool) != null;
    }

    /** The tool's path (nginx lives in /usr/sbin, which a PATH may lack), or null. */
    private static String tool(String name) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return null;
    }

    /** Runs a command to its end (at most 60 s); its combined output. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running after 60 s: " + command);
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    private static long field(String output, String name) {
        Matcher m = Pattern.compile(Pattern.quote(name) + ":\\s+(\\d+)").matcher(output);
        assertTrue(m.find(), name + " missing in:\n" + output);
        return Long.parseLong(m.group(1));
    }

    @Test
    void apacheBenchCompletesEveryRequest() throws Exception {
        assumeTrue(installed("ab"), "ab (apache2-utils) is not installed");
        String out = run(List.of("ab", "-n", "1000", "-c", "10", "-s", "10", "http://127.0.0.1:" + heddle.port() + "/ab"));
        assertEquals(1000, field(out, "Complete requests"), out);
        assertEquals(0, field(out, "Failed requests"), out);
        assertTrue(!out.contains("Non-2xx responses"), out);
        assertEquals("hello from upstream".length(), field(out, "Document Length"), out);
    }

    @Test
    void curlHttp10() throws Exception {
        assumeTrue(installed("curl"), "curl is not installed");
        String out = run(List.of("curl", "-sS", "-i", "--http1.0", "--max-time", "10", "http://127.0.0.1:" + heddle.port() + "/c"));
        assertTrue(out.startsWith("HTTP/1.0 200 OK\r\n"), out);
        assertTrue(out.endsWith("\r\n\r\nhello from upstream"), out);
    }

    @Test
    void nginxInFrontWithItsDefaultProxyPass(@TempDir Path dir) throws Exception {
        assumeTrue(installed("nginx"), "nginx is not installed");
        int[] port = new int[1];
        Path[] home = new Path[1];
        // nginx must be told its port: a port taken before nginx binds it is a new start on another.
        Process nginx = FreePorts.startOnFreePorts(1, free -> {
            port[0] = free[0];
            home[0] = Files.createDirectories(dir.resolve("nginx-" + free[0]));
            return startNginx(home[0], free[0], heddle.port());
        });
        try {
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                bodies.add(run(List.of("curl", "-sS", "--max-time", "10", "http://127.0.0.1:" + port[0] + "/n" + i)));
            }
            assertEquals(List.of("hello from upstream"), bodies.stream().distinct().toList(), read(home[0].resolve("error.log")));
        } finally {
            stop(nginx);
        }
    }

    /**
     * nginx on {@code port} in front of Heddle, up once its master has bound the port and logged
     * "start worker processes" (notice level); a port already in use is {@link FreePorts.PortTaken}.
     */
    private static Process startNginx(Path dir, int port, int heddlePort) throws IOException, FreePorts.PortTaken {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log notice;
                worker_processes 1;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path %1$s;
                    proxy_temp_path %1$s;
                    server {
                        listen 127.0.0.1:%2$d;
                        location / { proxy_pass http://127.0.0.1:%3$d; }
                    }
                }
                """.formatted(dir, port, heddlePort));
        Process nginx = new ProcessBuilder(tool("nginx"), "-c", conf.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        Path log = dir.resolve("error.log");
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("start worker process")
                    || read(log).contains("Address already in use") || !nginx.isAlive());
        } catch (RuntimeException e) {
            stop(nginx);
            throw e;
        }
        if (read(log).contains("Address already in use")) {
            // nginx would try four more times over two seconds, then exit: stop it now.
            stop(nginx);
            throw new FreePorts.PortTaken("nginx on " + port + ": " + read(log));
        }
        if (!nginx.isAlive()) {
            throw new AssertionError("nginx exited: " + read(dir.resolve("out.log")) + read(log));
        }
        return nginx;
    }

    private static void stop(Process nginx) {
        nginx.destroy();
        try {
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            nginx.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
