package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Caddy's {@code reverse_proxy} handler: static upstreams, load balancing and retries, the
 * handler-level {@code trusted_proxies} (older Caddy) and the basics of the http transport.
 *
 * @param requestBuffers bytes of the request body to read ahead [0]; -1 = all of it
 * @param responseBuffers bytes of the response body to read ahead of the client [0]; -1 = all
 */
public record ReverseProxyConfig(List<UpstreamConfig> upstreams, List<Cidr> trustedProxies,
                                 TransportConfig transport, LoadBalancingConfig loadBalancing,
                                 long requestBuffers, long responseBuffers, HealthChecksConfig healthChecks,
                                 CircuitBreakerConfig circuitBreaker, Streams streams,
                                 java.time.Duration flushInterval, HeadersHandlerConfig headers,
                                 RewriteConfig rewrite, List<HandleResponseConfig> handleResponse,
                                 DynamicUpstreamsConfig dynamicUpstreams) implements HandlerConfig {

    /**
     * Upgraded (101) streams.
     *
     * @param timeout    force-close after this long [0 = never]
     * @param closeDelay on reload or stop, keep streams this long before closing them [0]
     * @param bufferSize buffer per direction [32 KiB]
     */
    public record Streams(java.time.Duration timeout, java.time.Duration closeDelay, int bufferSize) {
    }

    private static final Set<String> NOT_YET = Set.of(
            "verbose_logs");

    static ReverseProxyConfig parse(Node n) throws ConfigException {
        Node list = n.field("upstreams");
        List<UpstreamConfig> upstreams = new ArrayList<>();
        for (Node u : list.elements()) {
            upstreams.add(UpstreamConfig.parse(u));
        }
        Node dynamicNode = n.field("dynamic_upstreams");
        DynamicUpstreamsConfig dynamic = dynamicNode.absent() ? null : DynamicUpstreamsConfig.parse(dynamicNode);
        if (upstreams.isEmpty() && dynamic == null) {
            throw list.error("reverse_proxy needs at least one upstream, or dynamic_upstreams");
        }
        List<Cidr> trusted = Cidr.parseAll(n.field("trusted_proxies"));
        TransportConfig transport = TransportConfig.parse(n.field("transport"));
        LoadBalancingConfig lb = LoadBalancingConfig.parse(n.field("load_balancing"));
        if (lb.policy() instanceof SelectionPolicyConfig.WeightedRoundRobin w && dynamic != null && w.weights().size() >= 2) {
            throw n.field("load_balancing").field("selection_policy").field("weights")
                    .error("weights go by position in a fixed upstreams list; with dynamic_upstreams the list changes (use another policy)");
        }
        if (lb.policy() instanceof SelectionPolicyConfig.WeightedRoundRobin w && w.weights().size() != upstreams.size()
                && w.weights().size() >= 2) {
            throw n.field("load_balancing").field("selection_policy").field("weights")
                    .error("has " + w.weights().size() + " weights for " + upstreams.size() + " upstreams");
        }
        long requestBuffers = bufferSize(n.field("request_buffers"));
        long responseBuffers = bufferSize(n.field("response_buffers"));
        long legacyLimit = legacyBufferLimit(n.field("max_buffer_size"));
        if (legacy(n.field("buffer_requests"), "request_buffers") && requestBuffers == 0) {
            requestBuffers = legacyLimit;
        }
        if (legacy(n.field("buffer_responses"), "response_buffers") && responseBuffers == 0) {
            responseBuffers = legacyLimit;
        }
        HealthChecksConfig health = HealthChecksConfig.parse(n.field("health_checks"));
        CircuitBreakerConfig breaker = CircuitBreakerConfig.parse(n.field("circuit_breaker"));
        Streams streams = new Streams(nonNegative(n.field("stream_timeout")), nonNegative(n.field("stream_close_delay")),
                n.field("stream_buffer_size").intValue(32 * 1024, 1024, 16 * 1024 * 1024));
        java.time.Duration flush = n.field("flush_interval").duration(java.time.Duration.ZERO);
        HeadersHandlerConfig headers = HeadersHandlerConfig.parseProxyHeaders(n.field("headers"));
        RewriteConfig rewrite = RewriteConfig.parseProxyRewrite(n.field("rewrite"));
        List<HandleResponseConfig> handleResponse = HandleResponseConfig.parseList(n.field("handle_response"));
        n.done(NOT_YET);
        return new ReverseProxyConfig(List.copyOf(upstreams), trusted, transport, lb, requestBuffers, responseBuffers, health,
                breaker, streams, flush, headers, rewrite, handleResponse, dynamic);
    }

    private static long bufferSize(Node n) throws ConfigException {
        long bytes = n.integer(0);
        if (bytes < -1) {
            throw n.error("must be a byte count, or -1 for unlimited");
        }
        return bytes;
    }

    /**
     * Caddy 2.6's {@code buffer_requests} / {@code buffer_responses} (replaced in 2.6.4, warned
     * about until 2.7.6, gone in 2.8): true buffers the body up to {@code max_buffer_size}.
     */
    private static boolean legacy(Node flag, String replacement) throws ConfigException {
        boolean on = flag.bool(false);
        if (!flag.absent()) {
            System.getLogger("dev.heddle.config").log(System.Logger.Level.WARNING, flag.path()
                    + " is Caddy 2.6's; use " + replacement + " (taken as " + replacement + " with max_buffer_size)");
        }
        return on;
    }

    /** Caddy 2.6.2's {@code max_buffer_size}: 0 (the default) means no limit, here -1. */
    private static long legacyBufferLimit(Node n) throws ConfigException {
        long bytes = n.integer(0);
        if (bytes < 0) {
            throw n.error("must be a byte count (0 = no limit, as in Caddy 2.6)");
        }
        return bytes == 0 ? -1 : bytes;
    }

    private static java.time.Duration nonNegative(Node n) throws ConfigException {
        java.time.Duration d = n.duration(java.time.Duration.ZERO);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
