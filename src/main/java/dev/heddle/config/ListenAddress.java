package dev.heddle.config;

/**
 * A TCP listener address as Caddy writes it: ":8080" (all interfaces), "127.0.0.1:8080",
 * "[::1]:8080", "localhost:8080", optionally prefixed "tcp/". Port 0 asks for an ephemeral port.
 *
 * @param host the host to bind; empty means all interfaces
 */
public record ListenAddress(String host, int port) {

    public static ListenAddress parse(String text) {
        String s = text.startsWith("tcp/") ? text.substring(4) : text;
        if (s.startsWith("unix/") || s.startsWith("udp/") || s.startsWith("fd/") || s.startsWith("tcp4/") || s.startsWith("tcp6/")) {
            throw new IllegalArgumentException("\"" + text + "\": only TCP listeners (host:port) are supported yet");
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not host:port (e.g. \":8080\" or \"127.0.0.1:8080\")");
        }
        String host = s.substring(0, colon);
        String port = s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("\"" + text + "\": an IPv6 host must be in brackets, e.g. \"[::1]:8080\"");
        }
        if (port.contains("-")) {
            throw new IllegalArgumentException("\"" + text + "\": port ranges are not supported");
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" has no valid port");
        }
        if (p < 0 || p > 65535) {
            throw new IllegalArgumentException("\"" + text + "\" has a port out of range");
        }
        return new ListenAddress(host, p);
    }

    /** The host to bind: all interfaces for an empty host. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
