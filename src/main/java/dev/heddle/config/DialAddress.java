package dev.heddle.config;

/**
 * An upstream's network address: "host:port", "[v6]:port", or a unix socket "unix//path" (then
 * host is "localhost", as Caddy uses for such upstreams, and port 0).
 */
public record DialAddress(String host, int port, String unixPath) {

    public DialAddress(String host, int port) {
        this(host, port, null);
    }

    public static DialAddress parse(String text) {
        if (text.startsWith("unix/")) {
            String path = text.substring(5);
            if (!path.startsWith("/") || path.length() < 2) {
                throw new IllegalArgumentException("\"" + text + "\": a unix socket address is unix//absolute/path");
            }
            return new DialAddress("localhost", 0, path);
        }
        String s = text.startsWith("tcp/") ? text.substring(4) : text;
        if (s.startsWith("udp/") || s.startsWith("tcp4/") || s.startsWith("tcp6/")) {
            throw new IllegalArgumentException("\"" + text + "\": only TCP (host:port) and unix//path upstreams are supported");
        }
        if (s.contains("{")) {
            throw new IllegalArgumentException("\"" + text + "\": placeholders in dial addresses are not supported yet");
        }
        if (s.contains("://")) {
            throw new IllegalArgumentException("\"" + text + "\" is not host:port (a dial address has no scheme)");
        }
        int colon = s.lastIndexOf(':');
        String host = colon < 0 ? "" : s.substring(0, colon);
        String port = colon < 0 ? "" : s.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw new IllegalArgumentException("\"" + text + "\" is not host:port");
        }
        if (host.isEmpty() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535 || Integer.parseInt(port) == 0
                || !host.matches("[A-Za-z0-9._:%-]+")) {
            throw new IllegalArgumentException("\"" + text + "\" is not host:port");
        }
        return new DialAddress(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return unixPath != null ? "unix/" + unixPath : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
