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
                                  Duration idleTimeout, int maxIdlePerHost) {

    public static final HttpTransportConfig DEFAULTS =
            new HttpTransportConfig(Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2), 32);

    private static final Set<String> NOT_YET = Set.of(
            "tls", "versions", "compression", "max_conns_per_host", "proxy_protocol", "resolver",
            "local_address", "dial_fallback_delay", "expect_continue_timeout",
            "write_timeout", "max_response_header_size", "read_buffer_size", "write_buffer_size",
            "forward_proxy_url", "network_proxy");

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
        n.done(NOT_YET);
        return new HttpTransportConfig(dial, header, read, idle, maxIdle);
    }

    private static Duration positive(Node n, Duration fallback) throws ConfigException {
        Duration d = n.duration(fallback);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
