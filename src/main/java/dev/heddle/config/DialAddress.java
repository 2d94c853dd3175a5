package dev.heddle.config;

/** An upstream's network address: "host:port" or "[v6]:port" (TCP). */
public record DialAddress(String host, int port) {

    public static DialAddress parse(String text) {
        String s = text.startsWith("tcp/") ? text.substring(4) : text;
        if (s.startsWith("unix/") || s.startsWith("udp/") || s.startsWith("tcp4/") || s.startsWith("tcp6/")) {
            throw new IllegalArgumentException("\"" + text + "\": only TCP upstreams (host:port) are supported yet");
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
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
