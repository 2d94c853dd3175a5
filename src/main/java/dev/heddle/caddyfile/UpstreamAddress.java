package dev.heddle.caddyfile;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** parseUpstreamDialAddress of 2.6.2: an upstream as written → its dial address and scheme. */
final class UpstreamAddress {
    private UpstreamAddress() {
    }

    /** Returns {dial, scheme}; throws IllegalArgumentException with Caddy's sentence. */
    static String[] parse(String addr) {
        String network = "";
        String scheme = "";
        String host;
        String port;
        if (addr.contains("://")) {
            if (addr.contains("{")) {
                throw new IllegalArgumentException("due to parsing difficulties, placeholders are not allowed"
                        + " when an upstream address contains a scheme");
            }
            URI u;
            try {
                u = new URI(addr);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("parsing upstream URL: " + e.getMessage());
            }
            if ((u.getRawPath() != null && !u.getRawPath().isEmpty()) || u.getRawQuery() != null || u.getRawFragment() != null) {
                throw new IllegalArgumentException("for now, URLs for proxy upstreams only support scheme, host, and port components");
            }
            scheme = u.getScheme() == null ? "" : u.getScheme();
            String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
            String[] hp = splitHostPort(authority);
            host = hp == null ? authority : hp[0];
            port = hp == null ? "" : hp[1];
            if (scheme.equals("http") && port.equals("443")) {
                throw new IllegalArgumentException("upstream address has conflicting scheme (http://) and port (:443, the HTTPS port)");
            }
            if (scheme.equals("https") && port.equals("80")) {
                throw new IllegalArgumentException("upstream address has conflicting scheme (https://) and port (:80, the HTTP port)");
            }
            if (scheme.equals("h2c") && port.equals("443")) {
                throw new IllegalArgumentException("upstream address has conflicting scheme (h2c://) and port (:443, the HTTPS port)");
            }
            if (port.isEmpty()) {
                port = switch (scheme) {
                    case "", "http", "h2c" -> "80";
                    case "https" -> "443";
                    default -> "";
                };
            }
        } else {
            int slash = addr.indexOf('/');
            if (slash >= 0) {
                network = addr.substring(0, slash).trim().toLowerCase(Locale.ROOT);
                addr = addr.substring(slash + 1);
            }
            String[] hp = splitHostPort(addr);
            host = hp == null ? addr : hp[0];
            port = hp == null ? "" : hp[1];
            if (port.isEmpty() && !host.contains("{")) {
                port = "80";
            }
        }
        if (network.equals("unix+h2c")) {
            network = "unix";
            scheme = "h2c";
        }
        if (!network.isEmpty()) {
            boolean unix = network.startsWith("unix");
            return new String[] {network + "/" + (unix || port.isEmpty() ? host : joinHostPort(host, port)), scheme};
        }
        if (port.isEmpty() && host.contains("{")) {
            return new String[] {host, scheme};
        }
        return new String[] {joinHostPort(host, port), scheme};
    }

    /** Go's net.SplitHostPort, or null when the text has no port part. */
    static String[] splitHostPort(String s) {
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0 || end + 1 >= s.length() || s.charAt(end + 1) != ':') {
                return null;
            }
            return new String[] {s.substring(1, end), s.substring(end + 2)};
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return null;
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    static String joinHostPort(String host, String port) {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
