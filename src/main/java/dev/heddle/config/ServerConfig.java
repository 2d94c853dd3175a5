package dev.heddle.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code apps.http.servers.<name>} entry.
 *
 * @param trustedProxies   ranges of the server-level {@code trusted_proxies} module (source static)
 * @param clientIpHeaders  headers a trusted proxy names the client in [X-Forwarded-For]
 * @param trustedProxiesStrict take the right-most untrusted address instead of the left-most
 * @param maxHeaderBytes   limit on the request head; 0 = Helidon's default
 * @param logs             access logging; null = off
 */
public record ServerConfig(
        String name,
        List<ListenAddress> listen,
        List<RouteConfig> routes,
        List<RouteConfig> errorRoutes,
        Duration readTimeout,
        Duration readHeaderTimeout,
        Duration writeTimeout,
        Duration idleTimeout,
        List<Cidr> trustedProxies,
        List<String> clientIpHeaders,
        boolean trustedProxiesStrict,
        int maxHeaderBytes,
        ServerLogsConfig logs) {
}
