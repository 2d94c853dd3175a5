package dev.heddle.config;

import java.time.Duration;
import java.util.List;

/**
 * One {@code apps.http.servers.<name>} entry.
 *
 * @param trustedProxies   ranges of the server-level {@code trusted_proxies} module (source static)
 * @param clientIpHeaders  headers a trusted proxy names the client in [X-Forwarded-For]
 * @param trustedProxiesStrict take the right-most untrusted address instead of the left-most
 * @param maxHeaderBytes   limit on the request headers (431 beyond)
 * @param maxRequestLineBytes limit on the request line (414 beyond); Heddle's own field
 * @param maxHeaderCount   limit on the number of header fields (431 beyond); Heddle's own field
 * @param maxConnections   open connections per listener; beyond it new ones wait in the
 *                         kernel's accept queue; 0 = no limit; Heddle's own field
 * @param logs             access logging; null = off
 * @param tls              TLS on every listener: the connection policies and the certificates
 *                         they choose from; null = plain HTTP
 * @param protocols        {@code protocols}: h1, h2, h2c, h3 (h3 is accepted, not served)
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
        int maxRequestLineBytes,
        int maxHeaderCount,
        int maxConnections,
        ServerLogsConfig logs,
        ServerTlsConfig tls,
        java.util.Set<String> protocols) {

    /** HTTP/2 on this server's listeners: h2 by ALPN under TLS, h2c by prior knowledge on plain HTTP. */
    public boolean servesHttp2() {
        return tls != null ? protocols.contains("h2") : protocols.contains("h2c");
    }

    /** HTTP/1.x on this server's listeners. */
    public boolean servesHttp1() {
        return protocols.contains("h1");
    }

    /**
     * A server's TLS: its {@code tls_connection_policies} over the config's loaded certificates.
     *
     * @param managedNames           names automatic HTTPS gets certificates for (its routes' host
     *                               matchers, minus skip and skip_certificates; none when certificates are disabled)
     * @param ignoreLoadedCertificates manage a name even when a loaded certificate covers it
     */
    public record ServerTlsConfig(List<ConnectionPolicyConfig> policies, TlsAppConfig certificates, List<String> managedNames,
                                  boolean ignoreLoadedCertificates) {
    }
}
