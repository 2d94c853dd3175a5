package dev.heddle.cli;

import java.lang.management.ManagementFactory;

/**
 * Warns at start when the process may open too few files for a proxy: each proxied request
 * holds two sockets (client and upstream), so the default 1024 runs out at about 500
 * concurrent requests, and then accept() fails with "Too many open files".
 */
final class FileLimitCheck {
    /** Caddy 1's threshold. */
    static final long MINIMUM = 8192;

    private FileLimitCheck() {
    }

    /** The process's open-file limit (the JVM raises the soft limit to the hard one), or -1. */
    static long current() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    /** One log line when {@code limit} is too low, else null. */
    static String warning(long limit) {
        if (limit < 0 || limit >= MINIMUM) {
            return null;
        }
        return "open-file limit is " + limit + ", below the " + MINIMUM + " a production proxy needs (two sockets per"
                + " proxied request): raise it with `ulimit -n 65536` before starting, or LimitNOFILE=65536 in the"
                + " systemd unit";
    }
}
