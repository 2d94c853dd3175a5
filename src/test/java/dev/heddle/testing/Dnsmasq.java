package dev.heddle.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A real DNS server for tests: Debian's {@code dnsmasq} (package dnsmasq-base) on 127.0.0.1,
 * answering only from its own hosts file (A/AAAA, re-read on {@link #reloadHosts}, which sends
 * SIGHUP as an operator would) and {@code --srv-host} records (fixed per process: {@link
 * #restart} starts a new one on the same port). Never forwards anything anywhere. Without
 * dnsmasq installed the test is skipped with a message saying so. Its files live under
 * {@code target/} and are removed on close.
 */
public final class Dnsmasq implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/dnsmasq");

    private final Path dir;
    private final Path hosts;
    private int port;
    private Process process;

    private Dnsmasq(Path dir) {
        this.dir = dir;
        this.hosts = dir.resolve("hosts");
    }

    /** Skips the calling test when dnsmasq is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "dnsmasq is not installed (apt-get install dnsmasq-base): the dynamic upstream DNS tests are skipped");
    }

    /**
     * Starts one serving {@code hostsFile} (lines "IP name") and {@code srvRecords} (dnsmasq's
     * --srv-host values: "_service._proto.domain,target,port,priority,weight").
     */
    public static Dnsmasq start(String hostsFile, List<String> srvRecords) throws IOException {
        assumeInstalled();
        Files.createDirectories(Path.of("target"));
        Dnsmasq d = new Dnsmasq(Files.createTempDirectory(Path.of("target").toAbsolutePath(), "dnsmasq"));
        d.writeHosts(hostsFile);
        // dnsmasq cannot be told to take any free port and say which: try candidate ports until
        // one binds (a port taken between the probe and dnsmasq's bind is just the next try).
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            int candidate;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                candidate = probe.getLocalPort();
            }
            try {
                d.launch(candidate, srvRecords);
                return d;
            } catch (IOException e) {
                last = e;
            }
        }
        d.close();
        throw last;
    }

    /** "127.0.0.1:port", as a resolver address in Caddy's JSON. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Replaces the hosts file and makes dnsmasq re-read it (SIGHUP). */
    public void reloadHosts(String hostsFile) throws IOException, InterruptedException {
        writeHosts(hostsFile);
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("kill -HUP " + process.pid() + " failed");
        }
    }

    /** Stops this dnsmasq and starts another on the same port with these SRV records (dnsmasq reads them only at start). */
    public void restart(List<String> srvRecords) throws IOException, InterruptedException {
        stop();
        // The old one's port is free once it has exited; allow for a slow exit all the same.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                launch(port, srvRecords);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Stops the server: lookups then fail (nothing listens on its port). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private void writeHosts(String content) throws IOException {
        Path next = dir.resolve("hosts.next");
        Files.writeString(next, content);
        Files.move(next, hosts, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private void launch(int candidate, List<String> srvRecords) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--keep-in-foreground", "--conf-file=/dev/null",
                "--port=" + candidate, "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                "--no-poll", "--addn-hosts=" + hosts, "--local=/heddle.test/", "--pid-file=", "--user=root", "--group=root",
                "--log-facility=-", "--cache-size=0"));
        for (String srv : srvRecords) {
            cmd.add("--srv-host=" + srv);
        }
        Path log = dir.resolve("dnsmasq-" + candidate + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // Up when it logs that it started; dead when it could not bind.
            await().atMost(Duration.ofSeconds(10)).until(() -> !p.isAlive() || Files.readString(log).contains("started, version"));
            if (!p.isAlive() || Files.readString(log).contains("failed to create listening socket")) {
                p.destroyForcibly();
                throw new IOException("dnsmasq did not start on port " + candidate + ": " + Files.readString(log).strip());
            }
        } catch (RuntimeException e) {
            p.destroyForcibly();
            throw new IOException("dnsmasq did not start on port " + candidate, e);
        }
        this.port = candidate;
        this.process = p;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // best effort: it is under target/
        }
    }
}
