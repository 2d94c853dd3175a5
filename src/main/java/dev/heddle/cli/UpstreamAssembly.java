package dev.heddle.cli;

import dev.heddle.config.HealthChecksConfig;
import dev.heddle.config.ReverseProxyConfig;
import dev.heddle.config.UpstreamConfig;
import dev.heddle.health.ActiveHealthCheck;
import dev.heddle.health.ErrorRatioBreaker;
import dev.heddle.http.Provisioner;
import dev.heddle.upstream.Host;
import dev.heddle.upstream.HealthView;
import dev.heddle.upstream.PassivePolicy;
import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a handler's upstreams over the shared registry: the Host of each dial address, the
 * active checker shared by every handler with the same check, the passive settings and a
 * breaker. Everything acquired is released when the config that provisioned it closes.
 */
final class UpstreamAssembly {
    private UpstreamAssembly() {
    }

    static List<Upstream> upstreams(ReverseProxyConfig c, java.util.function.Function<java.time.Duration, dev.heddle.transport.Transport> checks,
                                    Provisioner p) {
        UpstreamRegistry registry = UpstreamRegistry.global();
        HealthChecksConfig.Passive passiveConfig = c.healthChecks().passive();
        PassivePolicy passive = passive(passiveConfig);
        List<Upstream> out = new ArrayList<>();
        for (UpstreamConfig u : c.upstreams()) {
            Host host = registry.acquireHost(u.dial());
            p.own(() -> registry.releaseHost(host));
            HealthView active = HealthView.ALWAYS;
            if (c.healthChecks().active() != null) {
                ActiveHealthCheck.Key key = new ActiveHealthCheck.Key(u.dial(), c.healthChecks().active(), c.transport(), checks);
                active = registry.acquire(key, ActiveHealthCheck::start);
                p.own(() -> registry.release(key));
            }
            // As Caddy: unhealthy_request_count fills in max_requests where that is unset.
            int maxRequests = u.maxRequests() == 0 && passiveConfig != null ? passiveConfig.unhealthyRequestCount() : u.maxRequests();
            Upstream upstream = new Upstream(host, maxRequests, active, passive,
                    c.circuitBreaker() == null ? null : new ErrorRatioBreaker(c.circuitBreaker(), u.dial()));
            registry.register(upstream);
            p.own(() -> registry.unregister(upstream));
            out.add(upstream);
        }
        return List.copyOf(out);
    }

    private static PassivePolicy passive(HealthChecksConfig.Passive p) {
        if (p == null) {
            return PassivePolicy.NONE;
        }
        return new PassivePolicy(p.failDuration().toNanos(), p.maxFails(), p.unhealthyStatus(), p.unhealthyLatency().toNanos());
    }
}
