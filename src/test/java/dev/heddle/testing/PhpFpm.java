package dev.heddle.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real php-fpm (Debian's {@code php-fpm} package) started by a test in a temporary directory
 * with its own pool, listening on a unix socket or a loopback TCP port, serving the scripts the
 * test writes into {@link #root}. Without php-fpm installed the test is skipped with a message
 * that says so (never a silent pass). Stopped and its directory removed on close.
 */
public final class PhpFpm implements AutoCloseable {
    public final Path dir;
    public final Path root;
    private final String dial;
    private final Process process;

    private PhpFpm(Path dir, Path root, String dial, Process process) {
        this.dir = dir;
        this.root = root;
        this.dial = dial;
        this.process = process;
    }

    /** The php-fpm binary (Debian installs /usr/sbin/php-fpm8.2 and the like), or null. */
    public static Path binary() {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(Path.of("/usr/sbin"), "php-fpm*")) {
            for (Path p : found) {
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /**
     * Starts php-fpm on a unix socket ({@code tcp} false) or on a free loopback port (a port taken
     * before php-fpm binds it is a new start on another: {@link FreePorts#startOnFreePorts}).
     */
    public static PhpFpm start(boolean tcp, String... poolSettings) throws Exception {
        Path bin = binary();
        Assumptions.assumeTrue(bin != null, "php-fpm is not installed (apt-get install php-fpm): FastCGI tests skipped");
        if (tcp) {
            return FreePorts.startOnFreePorts(1, port -> launch(bin, "127.0.0.1:" + port[0], poolSettings));
        }
        return launch(bin, null, poolSettings);
    }

    /** php-fpm listening on {@code tcpListen}, or on a unix socket in its directory when that is null. */
    private static PhpFpm launch(Path bin, String tcpListen, String... poolSettings) throws IOException, FreePorts.PortTaken {
        boolean tcp = tcpListen != null;
        Path dir = Files.createTempDirectory("heddle-php");
        Path root = Files.createDirectories(dir.resolve("www"));
        String listen = tcp ? tcpListen : dir.resolve("fpm.sock").toString();
        StringBuilder conf = new StringBuilder()
                .append("[global]\nerror_log = ").append(dir.resolve("fpm.log")).append("\ndaemonize = no\npid = ")
                .append(dir.resolve("fpm.pid")).append("\n[www]\nlisten = ").append(listen)
                .append("\npm = static\npm.max_children = 4\ncatch_workers_output = no\n")
                .append("php_admin_value[post_max_size] = 64M\nphp_admin_value[memory_limit] = 256M\n")
                .append("php_admin_flag[display_errors] = off\nphp_admin_flag[log_errors] = on\n")
                .append("php_admin_value[output_buffering] = 0\n");
        for (String s : poolSettings) {
            conf.append(s).append('\n');
        }
        Path confFile = dir.resolve("fpm.conf");
        Files.writeString(confFile, conf);
        // -F: stay in the foreground (this test owns the process); -R: allowed to run as root (CI runs as root).
        Process p = new ProcessBuilder(bin.toString(), "-F", "-R", "-y", confFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("fpm.out").toFile()).start();
        PhpFpm fpm = new PhpFpm(dir, root, tcp ? listen : "unix/" + listen, p);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> fpm.up(tcp, listen));
        } catch (RuntimeException | Error e) {
            String out = fpm.output();
            fpm.close();
            if (tcp && out.contains("Address already in use")) {
                throw new FreePorts.PortTaken("php-fpm on " + listen + ": " + out);
            }
            throw e;
        }
        return fpm;
    }

    /**
     * Up: on TCP once php-fpm logged that it is ready (a connect alone could reach whatever took
     * the port meanwhile), on a unix socket once the socket exists.
     */
    private boolean up(boolean tcp, String listen) throws IOException {
        if (!process.isAlive()) {
            throw new AssertionError("php-fpm exited: " + output());
        }
        if (!tcp) {
            return Files.exists(Path.of(listen));
        }
        return output().contains("ready to handle connections");
    }

    /** What php-fpm wrote: its error log and its standard output. */
    private String output() {
        StringBuilder out = new StringBuilder();
        for (String name : new String[] {"fpm.log", "fpm.out"}) {
            try {
                Path p = dir.resolve(name);
                if (Files.exists(p)) {
                    out.append(Files.readString(p));
                }
            } catch (IOException e) {
                out.append(e);
            }
        }
        return out.toString();
    }

    /** The dial address for reverse_proxy: "unix//path" or "127.0.0.1:port". */
    public String dial() {
        return dial;
    }

    public void script(String name, String php) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, php);
    }

    /** Stops php-fpm now (SIGTERM: its fast shutdown) and waits for it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
