package dev.heddle.http;

/**
 * The values behind Caddy's request placeholders. Returns null for a placeholder that is
 * unknown or has no value here, so the caller decides (keep as written, or empty).
 */
public final class Placeholders {
    private Placeholders() {
    }

    public static String lookup(String key, Exchange ex) {
        if (key.startsWith("http.request.")) {
            return request(key.substring("http.request.".length()), ex);
        }
        if (key.startsWith("http.vars.")) {
            Object v = ex.var(key.substring("http.vars.".length()));
            return v == null ? "" : v.toString();
        }
        if (key.startsWith("http.regexp.")) {
            Object v = ex.var(key);
            return v == null ? "" : v.toString();
        }
        if (key.startsWith("http.error.")) {
            return error(key.substring("http.error.".length()), ex);
        }
        if (key.startsWith("http.reverse_proxy.")) {
            return ex.var("http.reverse_proxy") instanceof PlaceholderSource source
                    ? source.placeholder(key.substring("http.reverse_proxy.".length())) : null;
        }
        if (key.startsWith("env.")) {
            String v = System.getenv(key.substring(4));
            return v == null ? "" : v;
        }
        return null;
    }

    private static String request(String k, Exchange ex) {
        if (k.startsWith("header.")) {
            io.helidon.http.HeaderName name = io.helidon.http.HeaderNames.create(k.substring(7));
            return ex.headers().contains(name) ? String.join(",", ex.headers().get(name).allValues()) : "";
        }
        return switch (k) {
            case "method" -> ex.method();
            case "scheme" -> ex.scheme();
            case "proto" -> ex.protocolVersion().equals("2.0") ? "HTTP/2.0" : "HTTP/" + ex.protocolVersion();
            case "host" -> HostPort.hostOf(ex.host());
            case "hostport" -> ex.host();
            case "port" -> port(ex);
            case "uri" -> ex.rawUri();
            case "uri.path" -> ex.path();
            case "uri.query" -> ex.rawQuery();
            case "remote" -> IpText.of(ex.remoteAddress()) + ":" + ex.remotePort();
            case "remote.host" -> IpText.of(ex.remoteAddress());
            case "remote.port" -> Integer.toString(ex.remotePort());
            case "client_ip" -> IpText.of(ex.clientAddress());
            default -> null;
        };
    }

    private static String port(Exchange ex) {
        String p = HostPort.portOf(ex.host());
        return p.isEmpty() ? (ex.secure() ? "443" : "80") : p;
    }

    private static String error(String k, Exchange ex) {
        HandlerException e = ex.error();
        if (e == null) {
            return null;
        }
        return switch (k) {
            case "status_code" -> Integer.toString(e.status());
            case "status_text" -> StatusText.of(e.status());
            case "message" -> e.getMessage() == null ? "" : e.getMessage();
            default -> null;
        };
    }
}
