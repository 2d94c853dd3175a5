package dev.heddle.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What this JVM holds right now, for leak checks: live threads (virtual ones included) and open sockets. */
public final class JvmCounts {
    private JvmCounts() {
    }

    /**
     * Every live thread of this JVM, virtual ones included (a JSON thread dump is the one
     * public way to see virtual threads).
     */
    public static long liveThreads() throws IOException {
        Path dump = Files.createTempFile("threads", ".json");
        Files.delete(dump);
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            String json = Files.readString(dump);
            return java.util.regex.Pattern.compile("\"tid\"").matcher(json).results().count();
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    /** Sockets of this JVM (loopback clients, servers and listeners all count). */
    public static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
