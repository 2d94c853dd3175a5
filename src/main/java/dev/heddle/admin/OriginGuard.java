package dev.heddle.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Protects the admin API as current Caddy does (admin.go): the Host must name the admin
 * listener (against DNS rebinding), and a request that carries {@code Origin} or
 * {@code Sec-Fetch-Mode} (that is, one a browser made) must come from an allowed origin.
 */
final class OriginGuard {
    private final Set<String> hosts = new HashSet<>();
    private final Set<String> origins = new HashSet<>();
    private final boolean anyHost;

    /**
     * @param listenHost the configured host ("" = all interfaces: any Host is accepted)
     * @param port       the bound port
     * @param extra      admin.origins ("host:port" or "scheme://host:port")
     */
    OriginGuard(String listenHost, int port, List<String> extra) {
        this.anyHost = listenHost.isEmpty() || listenHost.equals("0.0.0.0") || listenHost.equals("::");
        for (String h : List.of(listenHost, "localhost", "127.0.0.1", "[::1]")) {
            if (!h.isEmpty()) {
                String hp = (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
                hosts.add(hp);
                origins.add("http://" + hp);
                origins.add("https://" + hp);
            }
        }
        for (String o : extra) {
            origins.add(o.contains("://") ? o : "http://" + o);
            origins.add(o.contains("://") ? o : "https://" + o);
            hosts.add(o.replaceFirst("^[a-z]+://", ""));
        }
    }

    /** Why the request is refused, or null when it may proceed. */
    String refuse(String host, String origin, String fetchMode) {
        if (!anyHost && (host == null || !hosts.contains(host.toLowerCase(java.util.Locale.ROOT)))) {
            return "host not allowed: " + host;
        }
        if (origin == null && fetchMode == null) {
            return null;
        }
        if (origin == null || !origins.contains(origin.toLowerCase(java.util.Locale.ROOT))) {
            return "origin not allowed: " + origin;
        }
        return null;
    }
}
