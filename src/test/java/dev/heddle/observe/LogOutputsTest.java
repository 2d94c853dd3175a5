package dev.heddle.observe;

import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README: `logging.logs` routes access lines to `stdout` or `stderr`, and the implicit `default`
 * log on stderr takes everything unless a log named `default` replaces it. Heddle runs in a child
 * JVM whose stdout and stderr go to separate files, so each line is seen on its own stream.
 */
class LogOutputsTest {
    private static final Pattern LISTENING = Pattern.compile("server srv0 listening on \\S+:(\\d+)");

    /** Runs the config, sends one request to /marker, and returns {stdout, stderr} once the line is out. */
    private static String[] serveOnce(Path dir, String logging) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"admin": {"disabled": true}, %s "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "logs": {},
                  "routes": [{"handle": [{"handler": "static_response", "body": "x"}]}]}}}}}""".formatted(logging));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "dev.heddle.cli.Main", "run", "--config", config.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            AtomicInteger port = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher m = LISTENING.matcher(Files.readString(err));
                if (m.find()) {
                    port.set(Integer.parseInt(m.group(1)));
                    return true;
                }
                if (!p.isAlive()) {
                    throw new AssertionError("heddle exited: " + Files.readString(err));
                }
                return false;
            });
            RawClient.exchange(port.get(), "GET /marker HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> (Files.readString(out) + Files.readString(err)).contains("\"uri\":\"/marker\""));
            return new String[] {Files.readString(out), Files.readString(err)};
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aLogWithOutputStdoutWritesThere(@TempDir Path dir) throws Exception {
        String[] streams = serveOnce(dir, """
                "logging": {"logs": {"access": {"writer": {"output": "stdout"}, "include": ["http.log.access"]},
                                     "default": {"writer": {"output": "stderr"}, "exclude": ["http.log.access"]}}},""");
        assertTrue(streams[0].contains("\"logger\":\"http.log.access\""), streams[0]);
        assertFalse(streams[1].contains("\"uri\":\"/marker\""), "the access line went to stderr too:\n" + streams[1]);
    }

    @Test
    void withoutLogsTheImplicitDefaultLogOnStderrTakesAccessLines(@TempDir Path dir) throws Exception {
        String[] streams = serveOnce(dir, "");
        assertTrue(streams[1].contains("\"logger\":\"http.log.access\""), streams[1]);
        assertFalse(streams[0].contains("\"uri\":\"/marker\""), streams[0]);
    }
}
