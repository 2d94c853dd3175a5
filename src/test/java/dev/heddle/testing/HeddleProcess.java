package dev.heddle.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * Heddle in a child JVM (same JDK and classpath as the tests), for what must be proven in a
 * separate process: heap limits, the CLI. Output goes to a log file shown on failure; the
 * process is always stopped by {@link #close}.
 */
public final class HeddleProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private HeddleProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code heddle <args>} with the given JVM options. */
    public static HeddleProcess start(List<String> jvmOptions, String... args) throws IOException {
        return start(List.of(), jvmOptions, args);
    }

    /** As {@link #start(List, String...)}, under an open-file limit (soft and hard) set by the shell. */
    public static HeddleProcess startWithFileLimit(int limit, String... args) throws IOException {
        return start(List.of("bash", "-c", "ulimit -n " + limit + " && exec \"$0\" \"$@\""), List.of(), args);
    }

    private static HeddleProcess start(List<String> prefix, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.heddle.cli.Main");
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("heddle-child", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new HeddleProcess(p, log);
    }

    /** Writes the config to a temp file and runs it. */
    public static HeddleProcess run(String configJson, List<String> jvmOptions) throws IOException {
        Path config = Files.createTempFile("heddle-config", ".json");
        Files.writeString(config, configJson);
        return start(jvmOptions, "run", "--config", config.toString());
    }

    /** Waits until the port accepts connections (or the process dies). */
    public HeddleProcess awaitListening(int port) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("heddle exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return this;
    }

    /**
     * Waits until server {@code name} logs the address it listens on and returns its port: for
     * configs that listen on port 0 (no port picked in advance that something else could take).
     */
    public int awaitPort(String name) {
        return awaitLogged(Pattern.compile("server " + Pattern.quote(name) + " listening on \\S+:(\\d+)"));
    }

    /** As {@link #awaitPort}, for the admin API. */
    public int awaitAdminPort() {
        return awaitLogged(Pattern.compile("admin API listening on \\S*:(\\d+)"));
    }

    private int awaitLogged(Pattern line) {
        AtomicInteger port = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Matcher m = line.matcher(output());
            if (m.find()) {
                port.set(Integer.parseInt(m.group(1)));
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("heddle exited with " + process.exitValue() + ":\n" + output());
            }
            return false;
        });
        return port.get();
    }

    public Process process() {
        return process;
    }

    public int waitForExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("heddle did not exit:\n" + output());
        }
        return process.exitValue();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
