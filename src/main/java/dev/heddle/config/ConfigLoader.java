package dev.heddle.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads Caddy's JSON config strictly: every field is known and valid, or the load fails with
 * one {@link ConfigException} naming the JSON path. Nothing is started here.
 */
public final class ConfigLoader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigLoader() {
    }

    public static HeddleConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("", "config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    public static HeddleConfig parse(String text) throws ConfigException {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new ConfigException("", "invalid JSON: " + where + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException("", "the config must be a JSON object");
        }
        return readRoot(Node.root(tree), text);
    }

    private static HeddleConfig readRoot(Node root, String text) throws ConfigException {
        AdminConfig admin = AdminConfig.parse(root.field("admin"));
        Node apps = root.field("apps");
        Map<String, ServerConfig> servers = Map.of();
        Duration grace = Duration.ZERO;
        boolean metrics = false;
        if (!apps.absent()) {
            apps.requireObject();
            TlsAppConfig tls = TlsAppConfig.parse(apps.field("tls"), localCaName(apps.field("pki")));
            Node http = apps.field("http");
            if (!http.absent()) {
                http.requireObject();
                grace = nonNegative(http.field("grace_period"));
                int httpPort = http.field("http_port").intValue(80, 1, 65535);
                int httpsPort = http.field("https_port").intValue(443, 1, 65535);
                AutomaticHttps.addRedirects((com.fasterxml.jackson.databind.node.ObjectNode) http.json(), httpPort, httpsPort);
                servers = readServers(http.field("servers"), tls);
                Node metricsNode = http.field("metrics");
                if (!metricsNode.absent()) {
                    metricsNode.requireObject().field("per_host").bool(false);
                    metricsNode.done(Set.of("observe_catchall_hosts"));
                    metrics = true;
                }
                http.done(Set.of("shutdown_delay"));
            }
            apps.done(Set.of("layer4", "events", "frontend"));
        }
        LoggingConfig logging = LoggingConfig.parse(root.field("logging"));
        root.done(Set.of("storage"));
        return new HeddleConfig(admin, servers, grace, logging, metrics, text);
    }

    private static Map<String, ServerConfig> readServers(Node servers, TlsAppConfig tls) throws ConfigException {
        Map<String, ServerConfig> out = new LinkedHashMap<>();
        Map<String, String> seenListeners = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : servers.entries().entrySet()) {
            ServerConfig server = readServer(e.getKey(), e.getValue(), tls);
            for (int i = 0; i < server.listen().size(); i++) {
                String key = server.listen().get(i).toString();
                String other = seenListeners.putIfAbsent(key, e.getKey());
                if (other != null && server.listen().get(i).port() != 0) {
                    throw new ConfigException(e.getValue().path() + ".listen[" + i + "]",
                            "\"" + key + "\" is already used by server \"" + other + "\"");
                }
            }
            out.put(e.getKey(), server);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Go's http.DefaultMaxHeaderBytes, which Caddy keeps: a Caddy config's large cookies still pass. */
    static final int DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
    /** nginx's large_client_header_buffers size: long query strings pass, a megabyte line does not. */
    static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    /** No limit on the number of fields unless configured, as Go (max_header_bytes bounds the head). */
    static final int DEFAULT_MAX_HEADER_COUNT = Integer.MAX_VALUE;

    private static ServerConfig readServer(String name, Node s, TlsAppConfig tlsApp) throws ConfigException {
        s.requireObject();
        Node listenNode = s.field("listen");
        List<ListenAddress> listen = new ArrayList<>();
        for (Node l : listenNode.elements()) {
            try {
                listen.add(ListenAddress.parse(l.string()));
            } catch (IllegalArgumentException e) {
                throw l.error(e.getMessage());
            }
        }
        if (listen.isEmpty()) {
            throw listenNode.error("a server needs at least one listen address, e.g. [\":8080\"]");
        }
        List<RouteConfig> routes = RouteConfig.parseList(s.field("routes"));
        List<RouteConfig> errorRoutes = List.of();
        Node errors = s.field("errors");
        if (!errors.absent()) {
            errorRoutes = RouteConfig.parseList(errors.requireObject().field("routes"));
            errors.done();
        }
        Duration readTimeout = nonNegative(s.field("read_timeout"));
        Duration readHeaderTimeout = nonNegative(s.field("read_header_timeout"));
        Duration writeTimeout = nonNegative(s.field("write_timeout"));
        Duration idleTimeout = nonNegative(s.field("idle_timeout"));
        List<Cidr> trusted = readTrustedProxies(s.field("trusted_proxies"));
        Node ipHeaders = s.field("client_ip_headers");
        List<String> clientIpHeaders = ipHeaders.absent() ? List.of("X-Forwarded-For") : ipHeaders.strings();
        boolean strict = s.field("trusted_proxies_strict").bool(false);
        int maxHeaderBytes = s.field("max_header_bytes").intValue(DEFAULT_MAX_HEADER_BYTES, 1024, 64 * 1024 * 1024);
        int maxRequestLine = s.field("max_request_line_bytes").intValue(DEFAULT_MAX_REQUEST_LINE, 256, 1024 * 1024);
        int maxHeaderCount = s.field("max_header_count").absent() ? DEFAULT_MAX_HEADER_COUNT
                : s.field("max_header_count").intValue(DEFAULT_MAX_HEADER_COUNT, 1, 10_000);
        int maxConnections = s.field("max_connections").intValue(0, 0, Integer.MAX_VALUE);
        readAutomaticHttps(s.field("automatic_https"));
        ServerLogsConfig logs = ServerLogsConfig.parse(s.field("logs"));
        List<ConnectionPolicyConfig> policies = ConnectionPolicyConfig.parseList(s.field("tls_connection_policies"));
        ServerConfig.ServerTlsConfig tls = null;
        if (policies != null) {
            // Caddy: an empty list still means TLS, with one default policy.
            tls = new ServerConfig.ServerTlsConfig(policies.isEmpty() ? List.of(ConnectionPolicyConfig.DEFAULT) : policies, tlsApp,
                    AutomaticHttps.managedNames((com.fasterxml.jackson.databind.node.ObjectNode) s.json()),
                    s.json().path("automatic_https").path("ignore_loaded_certificates").asBoolean(false));
        }
        Set<String> protocols = readProtocols(s.field("protocols"), tls != null);
        s.done(Set.of("listener_wrappers", "strict_sni_host",
                "keepalive_interval", "metrics", "enable_full_duplex", "named_routes", "allow_0rtt",
                "listen_protocols", "trusted_proxies_unix", "experimental_http3"));
        return new ServerConfig(name, List.copyOf(listen), routes, errorRoutes, readTimeout, readHeaderTimeout,
                writeTimeout, idleTimeout, trusted, clientIpHeaders, strict, maxHeaderBytes, maxRequestLine, maxHeaderCount,
                maxConnections, logs, tls, protocols);
    }

    /** Caddy's default: HTTP/1.1, HTTP/2 over TLS and HTTP/3; h2c only when listed. */
    static final Set<String> DEFAULT_PROTOCOLS = Set.of("h1", "h2", "h3");

    /**
     * The server's {@code protocols}: h1, h2 (TLS only, by ALPN), h2c (plain, prior knowledge
     * only, as Caddy since 2.10) and h3, which loads with a warning and is not served. At least
     * one protocol over TCP must be served on the server's listeners.
     */
    private static Set<String> readProtocols(Node n, boolean tls) throws ConfigException {
        if (n.absent()) {
            return DEFAULT_PROTOCOLS;
        }
        List<String> listed = n.strings();
        Set<String> protocols = new java.util.LinkedHashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            String p = listed.get(i);
            if (!Set.of("h1", "h2", "h2c", "h3").contains(p)) {
                throw new ConfigException(n.path() + "[" + i + "]", "unknown protocol \"" + p + "\" (h1, h2, h2c, h3)");
            }
            protocols.add(p);
        }
        boolean served = protocols.contains("h1") || (tls ? protocols.contains("h2") : protocols.contains("h2c"));
        if (!served) {
            throw new ConfigException(n.path(), listed + ": nothing Heddle serves on " + (tls ? "a TLS" : "a plain-HTTP")
                    + " listener (h1" + (tls ? ", h2" : ", h2c") + "; HTTP/3 is not served)");
        }
        if (protocols.contains("h3")) {
            System.getLogger("dev.heddle.config").log(System.Logger.Level.WARNING, n.path()
                    + ": HTTP/3 is not served by Heddle; h3 is ignored and no Alt-Svc is advertised");
        }
        return Set.copyOf(protocols);
    }

    /**
     * apps.pki: the local CA's display name. Heddle never installs its root into the system's
     * trust stores (Caddy does unless install_trust is false): {@code heddle trust} says how.
     */
    private static String localCaName(Node pki) throws ConfigException {
        if (pki.absent()) {
            return TlsAppConfig.DEFAULT_CA_NAME;
        }
        pki.requireObject();
        String name = TlsAppConfig.DEFAULT_CA_NAME;
        Node cas = pki.field("certificate_authorities");
        for (java.util.Map.Entry<String, Node> e : cas.entries().entrySet()) {
            Node ca = e.getValue().requireObject();
            if (!e.getKey().equals("local")) {
                throw ca.error("only the \"local\" CA is supported");
            }
            name = ca.field("name").string(name);
            ca.field("install_trust").bool(true);
            ca.done(java.util.Set.of("root_common_name", "intermediate_common_name", "intermediate_lifetime", "root", "intermediate",
                    "storage", "maintenance_interval", "renewal_window_ratio"));
        }
        pki.done();
        return name;
    }

    /** Current Caddy's module form {"source": "static", "ranges": [...]}. */
    private static List<Cidr> readTrustedProxies(Node n) throws ConfigException {
        if (n.absent()) {
            return List.of();
        }
        n.requireObject();
        Node source = n.field("source");
        String kind = source.requiredString();
        if (!kind.equals("static")) {
            throw source.error("trusted_proxies source \"" + kind + "\" is not supported (only \"static\")");
        }
        List<Cidr> ranges = Cidr.parseAll(n.field("ranges"));
        n.done();
        return ranges;
    }

    /**
     * Caddy's automatic_https: the redirects are added by {@link AutomaticHttps}; certificate
     * management is not done (certificates must be loaded), so its fields are read and accepted.
     */
    private static void readAutomaticHttps(Node n) throws ConfigException {
        if (n.absent()) {
            return;
        }
        n.requireObject();
        n.field("disable").bool(false);
        n.field("disable_redirects").bool(false);
        n.field("disable_certificates").bool(false);
        n.field("skip").strings();
        n.field("skip_certificates").strings();
        n.field("ignore_loaded_certificates").bool(false);
        n.done(Set.of("prefer_wildcard"));
    }

    private static Duration nonNegative(Node n) throws ConfigException {
        Duration d = n.duration(Duration.ZERO);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
