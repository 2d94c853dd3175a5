package dev.heddle.http;

/** Splits "host:port", "[v6]:port" and bare hosts, as they appear in Host headers. */
public final class HostPort {
    private HostPort() {
    }

    /** The host part without brackets; the whole text when there is no port. */
    public static String hostOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end < 0 ? hostPort : hostPort.substring(1, end);
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && hostPort.indexOf(':') == colon) {
            return hostPort.substring(0, colon);
        }
        return hostPort;
    }

    /** The port part, or "" when there is none. */
    public static String portOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            int end = hostPort.indexOf(']');
            return end >= 0 && end + 1 < hostPort.length() && hostPort.charAt(end + 1) == ':'
                    ? hostPort.substring(end + 2) : "";
        }
        int colon = hostPort.lastIndexOf(':');
        return colon >= 0 && hostPort.indexOf(':') == colon ? hostPort.substring(colon + 1) : "";
    }
}
