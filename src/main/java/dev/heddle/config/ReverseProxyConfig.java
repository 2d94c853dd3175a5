package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Caddy's {@code reverse_proxy} handler, first cut: static upstreams, the random policy, the
 * handler-level {@code trusted_proxies} (older Caddy) and the basics of the http transport.
 */
public record ReverseProxyConfig(List<UpstreamConfig> upstreams, List<Cidr> trustedProxies,
                                 HttpTransportConfig transport) implements HandlerConfig {

    private static final Set<String> NOT_YET = Set.of(
            "dynamic_upstreams", "health_checks", "circuit_breaker", "headers", "rewrite",
            "handle_response", "request_buffers", "response_buffers", "flush_interval",
            "stream_timeout", "stream_close_delay", "stream_buffer_size", "verbose_logs",
            "buffer_requests", "buffer_responses", "max_buffer_size");

    static ReverseProxyConfig parse(Node n) throws ConfigException {
        Node list = n.field("upstreams");
        List<UpstreamConfig> upstreams = new ArrayList<>();
        for (Node u : list.elements()) {
            upstreams.add(UpstreamConfig.parse(u));
        }
        if (upstreams.isEmpty()) {
            throw list.error("reverse_proxy needs at least one upstream (dynamic_upstreams are not supported yet)");
        }
        List<Cidr> trusted = Cidr.parseAll(n.field("trusted_proxies"));
        HttpTransportConfig transport = HttpTransportConfig.parse(n.field("transport"));
        readLoadBalancing(n.field("load_balancing"));
        n.done(NOT_YET);
        return new ReverseProxyConfig(List.copyOf(upstreams), trusted, transport);
    }

    /** Only the default policy exists so far; anything else is refused rather than ignored. */
    private static void readLoadBalancing(Node lb) throws ConfigException {
        if (lb.absent()) {
            return;
        }
        lb.requireObject();
        Node policy = lb.field("selection_policy");
        if (!policy.absent()) {
            Node name = policy.requireObject().field("policy");
            if (!name.string("random").equals("random")) {
                throw name.error("selection policy \"" + name.string() + "\" is not supported yet (only \"random\")");
            }
            policy.done();
        }
        lb.done(Set.of("retries", "try_duration", "try_interval", "retry_match"));
    }
}
