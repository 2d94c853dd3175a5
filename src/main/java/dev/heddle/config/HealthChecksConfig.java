package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code health_checks} of reverse_proxy: {@code active} and {@code passive} (either may be null). */
public record HealthChecksConfig(Active active, Passive passive) {
    public static final HealthChecksConfig NONE = new HealthChecksConfig(null, null);

    /**
     * Active checks (Caddy defaults in brackets). Records compare by value, so two handlers with
     * the same definition share one checker.
     *
     * @param port         check this port instead of the upstream's [0 = same]
     * @param upstream     send checks to this host:port instead ["" = the upstream]
     * @param expectStatus exact code, or one digit for a class [0 = any 2xx]
     * @param expectBody   regex the body must contain a match of [null = any]
     * @param maxSize      bytes of body read at most [0 = no limit]
     */
    public record Active(String uri, int port, String upstream, Map<String, List<String>> headers, String method,
                         String body, Duration interval, Duration timeout, int passes, int fails, long maxSize,
                         int expectStatus, String expectBody, boolean followRedirects) {
        public Pattern expectBodyPattern() {
            return expectBody == null ? null : Pattern.compile(expectBody);
        }
    }

    /** Passive checks; fail_duration zero turns failure counting off. */
    public record Passive(Duration failDuration, int maxFails, int unhealthyRequestCount, List<Integer> unhealthyStatus,
                          Duration unhealthyLatency) {
    }

    static HealthChecksConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return NONE;
        }
        n.requireObject();
        Active active = active(n.field("active"));
        Passive passive = passive(n.field("passive"));
        n.done();
        return new HealthChecksConfig(active, passive);
    }

    private static Active active(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        String uri = n.field("uri").string("");
        String path = n.field("path").string("");  // deprecated alias
        if (uri.isEmpty()) {
            uri = path;
        }
        int port = n.field("port").intValue(0, 0, 65535);
        Node upstreamNode = n.field("upstream");
        String upstream = upstreamNode.string("");
        if (!upstream.isEmpty()) {
            try {
                DialAddress.parse(upstream);
            } catch (IllegalArgumentException e) {
                throw upstreamNode.error(e.getMessage());
            }
        }
        Map<String, List<String>> headers = n.field("headers").stringLists();
        String method = n.field("method").string("GET");
        String body = n.field("body").string("");
        Duration interval = positive(n.field("interval"), Duration.ofSeconds(30));
        Duration timeout = positive(n.field("timeout"), Duration.ofSeconds(5));
        int passes = n.field("passes").intValue(1, 1, 1000);
        int fails = n.field("fails").intValue(1, 1, 1000);
        long maxSize = n.field("max_size").integer(0);
        int expectStatus = n.field("expect_status").intValue(0, 0, 999);
        Node bodyNode = n.field("expect_body");
        String expectBody = bodyNode.absent() ? null : bodyNode.string();
        if (expectBody != null) {
            try {
                Pattern.compile(expectBody);
            } catch (PatternSyntaxException e) {
                throw bodyNode.error("is not a valid regular expression: " + e.getDescription());
            }
        }
        boolean follow = n.field("follow_redirects").bool(false);
        n.done();
        // As Caddy: active checks run only when a uri (or path) or a port is set.
        if (uri.isEmpty() && port == 0) {
            return null;
        }
        return new Active(uri.isEmpty() ? "/" : uri, port, upstream, headers, method, body, interval, timeout, passes,
                fails, maxSize, expectStatus, expectBody, follow);
    }

    private static Passive passive(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        Duration failDuration = n.field("fail_duration").duration(Duration.ZERO);
        int maxFails = n.field("max_fails").intValue(1, 1, 1_000_000);
        int requestCount = n.field("unhealthy_request_count").intValue(0, 0, Integer.MAX_VALUE);
        List<Integer> statuses = new ArrayList<>();
        for (Node s : n.field("unhealthy_status").elements()) {
            statuses.add(s.intValue(0, 1, 999));
        }
        Duration latency = n.field("unhealthy_latency").duration(Duration.ZERO);
        n.done(Set.of());
        if (failDuration.isNegative() || latency.isNegative()) {
            throw n.error("durations must not be negative");
        }
        return new Passive(failDuration, maxFails, requestCount, List.copyOf(statuses), latency);
    }

    private static Duration positive(Node n, Duration fallback) throws ConfigException {
        Duration d = n.duration(fallback);
        if (d.isNegative() || d.isZero()) {
            throw n.error("must be positive");
        }
        return d;
    }
}
