package dev.heddle.config;

import java.time.Duration;
import java.util.Set;

/**
 * The part of Caddy's {@code http} transport implemented so far (Caddy defaults).
 *
 * @param dialTimeout           [3s]
 * @param responseHeaderTimeout [none = ZERO]
 * @param readTimeout           per read of the response body [none = ZERO]
 * @param idleTimeout           keep_alive.idle_timeout [2m]
 * @param maxIdlePerHost        keep_alive.max_idle_conns_per_host [32]
 */
public record HttpTransportConfig(Duration dialTimeout, Duration responseHeaderTimeout, Duration readTimeout,
                                  Duration idleTimeout, int maxIdlePerHost, Duration expectContinueTimeout,
                                  int maxResponseHeaderSize, int maxConnsPerHost, TlsConfig tls) {

    public static final HttpTransportConfig DEFAULTS = new HttpTransportConfig(Duration.ofSeconds(3), Duration.ZERO,
            Duration.ZERO, Duration.ofMinutes(2), 32, Duration.ZERO, 10 << 20, 0, null);

    private static final Set<String> NOT_YET = Set.of(
            "proxy_protocol", "resolver", "local_address", "dial_fallback_delay",
            "write_timeout", "read_buffer_size", "write_buffer_size", "forward_proxy_url", "network_proxy");

    static HttpTransportConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return DEFAULTS;
        }
        n.requireObject();
        Node protocol = n.field("protocol");
        String name = protocol.requiredString();
        if (!name.equals("http")) {
            throw protocol.error("transport \"" + name + "\" is not supported (only \"http\")");
        }
        Duration dial = positive(n.field("dial_timeout"), DEFAULTS.dialTimeout());
        Duration header = positive(n.field("response_header_timeout"), Duration.ZERO);
        Duration read = positive(n.field("read_timeout"), Duration.ZERO);
        Duration expect = positive(n.field("expect_continue_timeout"), Duration.ZERO);
        int maxHead = n.field("max_response_header_size").intValue(DEFAULTS.maxResponseHeaderSize(), 1024, 1 << 30);
        int maxConns = n.field("max_conns_per_host").intValue(0, 0, 1_000_000);
        versions(n.field("versions"));
        Node compression = n.field("compression");
        if (compression.bool(false)) {
            throw compression.error("Heddle does not ask upstreams for gzip or decode it: the client's Accept-Encoding"
                    + " goes upstream unchanged and the reply comes back as sent; remove the field or set it to false");
        }
        Duration idle = DEFAULTS.idleTimeout();
        int maxIdle = DEFAULTS.maxIdlePerHost();
        Node keepAlive = n.field("keep_alive");
        if (!keepAlive.absent()) {
            keepAlive.requireObject();
            if (!keepAlive.field("enabled").bool(true)) {
                maxIdle = 0;
            }
            idle = positive(keepAlive.field("idle_timeout"), idle);
            maxIdle = keepAlive.field("max_idle_conns_per_host").intValue(maxIdle, 0, 100_000);
            keepAlive.done(Set.of("probe_interval", "max_idle_conns"));
        }
        TlsConfig tls = TlsConfig.parse(n.field("tls"));
        n.done(NOT_YET);
        return new HttpTransportConfig(dial, header, read, idle, maxIdle, expect, maxHead, maxConns, tls);
    }

    /** HTTP/1.1 is what Heddle speaks upstream; "2" may be listed beside it, "h2c" and "3" are refused. */
    private static void versions(Node n) throws ConfigException {
        if (n.absent()) {
            return;
        }
        java.util.List<String> versions = n.strings();
        for (int i = 0; i < versions.size(); i++) {
            String v = versions.get(i);
            switch (v) {
                case "1.1", "2" -> { }
                case "h2c" -> throw new ConfigException(n.path() + "[" + i + "]", "\"h2c\" upstreams are not supported yet");
                case "3" -> throw new ConfigException(n.path() + "[" + i + "]", "HTTP/3 upstreams are not supported");
                default -> throw new ConfigException(n.path() + "[" + i + "]", "\"" + v + "\" is not an HTTP version (1.1, 2, h2c, 3)");
            }
        }
        if (!versions.contains("1.1")) {
            throw n.error("must include \"1.1\": Heddle talks HTTP/1.1 to upstreams (HTTP/2 upstreams are not supported yet)");
        }
    }

    private static Duration positive(Node n, Duration fallback) throws ConfigException {
        Duration d = n.duration(fallback);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
