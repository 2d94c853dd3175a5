package dev.heddle.http;

import dev.heddle.dns.IpText;

/**
 * The values behind Caddy's request placeholders. Returns null for a placeholder that is
 * unknown or has no value here, so the caller decides (keep as written, or empty).
 */
public final class Placeholders {
    private Placeholders() {
    }

    public static String lookup(String key, Exchange ex) {
        if (key.startsWith("http.request.")) {
            String v = request(key.substring("http.request.".length()), ex);
            return v != null ? v : ex.addedPlaceholder(key);
        }
        if (key.startsWith("http.vars.")) {
            Object v = ex.var(key.substring("http.vars.".length()));
            return v == null ? "" : v.toString();
        }
        if (key.startsWith("http.regexp.") || key.startsWith("http.matchers.file.")) {
            Object v = ex.var(key);
            return v == null ? "" : v.toString();
        }
        if (key.startsWith("http.response.header.")) {
            // what is about to go to the client (always known: a field may come later)
            return ex.response() == null ? "" : ex.response().headers().joined(key.substring("http.response.header.".length()));
        }
        if (key.startsWith("http.error")) {
            return error(key.substring("http.error".length()), ex);
        }
        if (key.startsWith("http.reverse_proxy.")) {
            return ex.var("http.reverse_proxy") instanceof PlaceholderSource source
                    ? source.placeholder(key.substring("http.reverse_proxy.".length())) : null;
        }
        if (key.startsWith("env.")) {
            String v = System.getenv(key.substring(4));
            return v == null ? "" : v;
        }
        if (key.startsWith("time.now")) {
            return time(key.substring("time.now".length()));
        }
        if (key.equals("system.hostname")) {
            return Hostname.NAME;
        }
        return ex.addedPlaceholder(key);
    }

    private static String time(String k) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        return switch (k) {
            case "" -> now.format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            case ".unix" -> Long.toString(now.toEpochSecond());
            case ".unix_ms" -> Long.toString(now.toInstant().toEpochMilli());
            case ".http" -> now.format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
            case ".common_log" -> now.format(java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
                    java.util.Locale.ROOT));
            case ".year" -> Integer.toString(now.getYear());
            default -> null;
        };
    }

    /** The machine's name, looked up once. */
    private static final class Hostname {
        static final String NAME = lookup();

        private static String lookup() {
            try {
                return java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                return "";
            }
        }
    }

    private static String request(String k, Exchange ex) {
        if (k.startsWith("tls.")) {
            return TlsPlaceholders.value(ex.tls(), k.substring(4));
        }
        if (k.startsWith("header.")) {
            return ex.headers().joined(k.substring(7));
        }
        if (k.startsWith("uri.path.") && k.substring(9).matches("\\d+")) {
            return segment(ex.path(), Integer.parseInt(k.substring(9)));
        }
        if (k.startsWith("orig_uri.path.") && k.substring(14).matches("\\d+")) {
            return segment(ex.originalPath(), Integer.parseInt(k.substring(14)));
        }
        if (k.startsWith("uri.query.")) {
            return String.join(",", QueryParams.values(ex.rawQuery(), k.substring(10)));
        }
        if (k.startsWith("cookie.")) {
            String v = Cookies.value(ex, k.substring(7));
            return v == null ? "" : v;
        }
        if (k.startsWith("host.labels.") && k.substring(12).matches("\\d+")) {
            // Caddy counts labels from the right: labels.0 is the TLD.
            String[] labels = ex.hostname().split("\\.");
            int n = Integer.parseInt(k.substring(12));
            return n < labels.length ? labels[labels.length - 1 - n] : "";
        }
        return switch (k) {
            case "method" -> ex.method();
            case "scheme" -> ex.scheme();
            case "proto" -> ex.protocolVersion().equals("2.0") ? "HTTP/2.0" : "HTTP/" + ex.protocolVersion();
            case "proto_name" -> ex.protocolVersion().startsWith("1.") ? "HTTP/" + ex.protocolVersion()
                    : "HTTP/" + ex.protocolVersion().charAt(0);
            case "local" -> ex.localAddress() == null ? "" : IpText.hostPort(ex.localAddress(), ex.localPort());
            case "local.host" -> ex.localAddress() == null ? "" : IpText.of(ex.localAddress());
            case "local.port" -> Integer.toString(ex.localPort());
            case "uri_escaped" -> GoText.queryEscape(ex.rawUri());
            case "uri.path_escaped" -> GoText.queryEscape(ex.path());
            case "uri.query_escaped" -> GoText.queryEscape(ex.rawQuery());
            case "uri.prefixed_query" -> ex.rawQuery().isEmpty() ? "" : "?" + ex.rawQuery();
            case "duration" -> GoText.duration(System.nanoTime() - ex.startNanos());
            case "duration_ms" -> GoText.number((System.nanoTime() - ex.startNanos()) / 1e6);
            case "uuid" -> uuid(ex);
            case "orig_uri.path.file" -> file(ex.originalPath());
            case "orig_uri.path.dir" -> dir(ex.originalPath());
            case "orig_uri.query" -> origQuery(ex);
            case "orig_uri.prefixed_query" -> origQuery(ex).isEmpty() ? "" : "?" + origQuery(ex);
            case "host" -> HostPort.hostOf(ex.host());
            case "hostport" -> ex.host();
            case "port" -> port(ex);
            case "uri" -> ex.rawUri();
            case "orig_uri" -> ex.originalUri();
            case "orig_method" -> ex.originalMethod();
            case "orig_uri.path" -> ex.originalPath();
            case "uri.path.file" -> file(ex.path());
            case "uri.path.file.base" -> fileBase(ex.path());
            case "uri.path.file.ext" -> GoPath.ext(ex.path());
            case "uri.path.dir" -> dir(ex.path());
            case "uri.path" -> ex.path();
            case "uri.query" -> ex.rawQuery();
            case "remote" -> IpText.hostPort(ex.remoteAddress(), ex.remotePort());
            case "remote.host" -> IpText.of(ex.remoteAddress());
            case "remote.port" -> Integer.toString(ex.remotePort());
            case "client_ip" -> IpText.of(ex.clientAddress());
            default -> null;
        };
    }

    private static String segment(String path, int n) {
        String[] segments = path.substring(path.startsWith("/") ? 1 : 0).split("/", -1);
        return n < segments.length ? segments[n] : "";
    }

    private static String origQuery(Exchange ex) {
        int q = ex.originalUri().indexOf('?');
        return q < 0 ? "" : ex.originalUri().substring(q + 1);
    }

    private static String file(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String dir(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }

    /** Caddy's file.base: Go's path.Base without path.Ext. */
    private static String fileBase(String path) {
        String base = GoPath.base(path);
        return base.substring(0, base.length() - GoPath.ext(path).length());
    }

    /** One random UUID per request, made when first asked for (as Caddy). */
    private static String uuid(Exchange ex) {
        Object id = ex.var("heddle.uuid");
        if (id == null) {
            id = java.util.UUID.randomUUID().toString();
            ex.setVar("heddle.uuid", id);
        }
        return id.toString();
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
            case "" -> e.describe();
            case ".status_code" -> Integer.toString(e.status());
            case ".status_text" -> StatusText.of(e.status());
            case ".message" -> e.getMessage() == null ? "" : e.getMessage();
            case ".id" -> e.id();
            case ".trace" -> e.trace();
            default -> null;
        };
    }
}
