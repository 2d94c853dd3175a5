package dev.heddle.cli;

import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar and bin/heddle as a user runs them: on an old Java the jar re-launches on a
 * JDK 21+ or says in one sentence what it needs (never UnsupportedClassVersionError), and
 * bin/heddle serves a config from the fat jar.
 */
class LauncherIT {
    private static final Path JAR = Path.of("target/heddle.jar");

    /** A Java older than 21 on this machine (the default java here is 17). */
    private static Path oldJava() {
        for (String dir : List.of("/usr/lib/jvm/java-17-openjdk-amd64", "/usr/lib/jvm/java-17-openjdk-arm64",
                "/usr/lib/jvm/java-11-openjdk-amd64")) {
            Path java = Path.of(dir, "bin", "java");
            if (Files.isExecutable(java)) {
                return java;
            }
        }
        Assumptions.abort("no Java older than 21 installed here, so the old-Java path cannot be exercised");
        return null;
    }

    private record Run(int exit, String out) {
    }

    private static Run run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "did not finish: " + command);
        return new Run(p.exitValue(), out);
    }

    @Test
    void oldJavaRelaunchesOnANewerJdk() throws Exception {
        Run r = run(List.of(oldJava().toString(), "-jar", JAR.toString(), "version"), Map.of());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().matches("heddle 0\\.\\S+ \\(Java (2[1-9]|[3-9]\\d)\\S*\\)\\n"), r.out());
    }

    @Test
    void oldJavaWithoutANewerJdkSaysWhatItNeeds() throws Exception {
        // HEDDLE_RELAUNCHED stands for "no newer JDK to go to": the launcher must not look again.
        Run r = run(List.of(oldJava().toString(), "-jar", JAR.toString(), "version"), Map.of("HEDDLE_RELAUNCHED", "1"));
        assertEquals(1, r.exit());
        assertTrue(r.out().startsWith("heddle: Heddle needs Java 21 or newer, but this is Java 17"), r.out());
        assertEquals(1, r.out().lines().count(), "one sentence: " + r.out());
    }

    @Test
    void binHeddleFindsAJdkEvenWhenJavaHomeIsOld() throws Exception {
        String oldHome = oldJava().getParent().getParent().toString();
        Run r = run(List.of("bin/heddle", "version"), Map.of("JAVA_HOME", oldHome));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("heddle 0."), r.out());
    }

    @Test
    void binHeddleServesAConfig() throws Exception {
        Path log = Files.createTempFile("heddle-it", ".log");
        serveOnceThroughBinHeddle(Map.of("HEDDLE_CACHE_DIR", "none"), log);
    }

    /**
     * The first server run leaves a startup cache (an AOT cache on JDK 25, a CDS archive on
     * 21-24) when it stops; the next run starts from it, quietly. The speed-up is measured in
     * bench/RESULTS.md, not here.
     */
    @Test
    void binHeddleLeavesAStartupCacheAndTheNextRunUsesIt() throws Exception {
        Path cache = Files.createTempDirectory("heddle-cache");
        Path first = Files.createTempFile("heddle-it", ".log");
        serveOnceThroughBinHeddle(Map.of("HEDDLE_CACHE_DIR", cache.toString()), first);
        List<Path> files;
        try (var list = Files.list(cache)) {
            files = list.toList();
        }
        assertEquals(1, files.size(), "one cache file: " + files);
        assertTrue(files.get(0).getFileName().toString().matches("heddle-\\d+-\\d+-jdk\\d+\\.(aot|jsa)"), files.toString());
        assertTrue(Files.size(files.get(0)) > 1_000_000, "a cache of some size");
        Path second = Files.createTempFile("heddle-it", ".log");
        serveOnceThroughBinHeddle(Map.of("HEDDLE_CACHE_DIR", cache.toString()), second);
        String out = Files.readString(second);
        assertFalse(out.contains("[error]") || out.contains("[warning]"), out);
    }

    /** bin/heddle run on port 0 (the port read back from its log), one proxied request, SIGTERM, exit. */
    private static void serveOnceThroughBinHeddle(Map<String, String> env, Path log) throws Exception {
        Path config = Files.createTempFile("heddle-it", ".json");
        try (RawUpstream upstream = RawUpstream.ok("through the jar")) {
            Files.writeString(config, """
                    {"admin": {"disabled": true}, "apps": {"http": {"servers": {"p": {"listen": ["127.0.0.1:0"], "routes": [
                      {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}
                    """.formatted(upstream.dial()));
            ProcessBuilder pb = new ProcessBuilder(List.of("bin/heddle", "run", "--config", config.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                Pattern listening = Pattern.compile("server p listening on 127\\.0\\.0\\.1:(\\d+)");
                AtomicInteger port = new AtomicInteger();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Matcher m = listening.matcher(Files.readString(log));
                    if (m.find()) {
                        port.set(Integer.parseInt(m.group(1)));
                        return true;
                    }
                    assertTrue(p.isAlive(), "bin/heddle exited: " + Files.readString(log));
                    return false;
                });
                RawClient.Response res = RawClient.exchange(port.get(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals("through the jar", res.bodyText());
            } finally {
                p.destroy();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/heddle did not stop on SIGTERM");
            }
        }
    }
}
