package dev.heddle.proxy;

import dev.heddle.config.HealthChecksConfig;
import dev.heddle.config.ReverseProxyConfig;
import dev.heddle.config.UpstreamConfig;
import dev.heddle.health.ActiveHealthCheck;
import dev.heddle.health.ErrorRatioBreaker;
import dev.heddle.http.Provisioner;
import dev.heddle.transport.Transport;
import dev.heddle.upstream.Host;
import dev.heddle.upstream.HealthView;
import dev.heddle.upstream.PassivePolicy;
import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamFactory;
import dev.heddle.upstream.UpstreamRegistry;
import dev.heddle.upstream.UpstreamSource;
import dev.heddle.upstream.dynamic.DynamicSources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Builds a handler's upstreams over the shared registry: the Host of each dial address, the
 * active checker shared by every handler with the same check, the passive settings and a
 * breaker. Static upstreams are leased once and released when the config that provisioned
 * them closes; a dynamic source leases and releases through the same {@link UpstreamFactory}
 * as addresses come and go, and gives back what it holds when that config closes.
 */
final class UpstreamAssembly {
    private UpstreamAssembly() {
    }

    static List<Upstream> upstreams(ReverseProxyConfig c, Function<Duration, Transport> checks, Provisioner p) {
        Leaser leaser = leaser(c, checks);
        List<Upstream> out = new ArrayList<>();
        for (UpstreamConfig u : c.upstreams()) {
            UpstreamFactory.Lease lease = leaser.lease(u.dial(), u.maxRequests());
            p.own(lease.release()::run);
            out.add(lease.upstream());
        }
        return List.copyOf(out);
    }

    /** The dynamic source, or null without {@code dynamic_upstreams}. */
    static UpstreamSource dynamic(ReverseProxyConfig c, Function<Duration, Transport> checks, Provisioner p) {
        if (c.dynamicUpstreams() == null) {
            return null;
        }
        Leaser leaser = leaser(c, checks);
        return p.own(DynamicSources.of(c.dynamicUpstreams(), dial -> leaser.lease(dial, 0)));
    }

    /** Leases one upstream: its host, its active checker, its view registered for the admin API. */
    private static Leaser leaser(ReverseProxyConfig c, Function<Duration, Transport> checks) {
        UpstreamRegistry registry = UpstreamRegistry.global();
        HealthChecksConfig.Passive passiveConfig = c.healthChecks().passive();
        PassivePolicy passive = passive(passiveConfig);
        return (dial, configuredMax) -> {
            Host host = registry.acquireHost(dial);
            HealthView active = HealthView.ALWAYS;
            ActiveHealthCheck.Key key = null;
            if (c.healthChecks().active() != null) {
                key = new ActiveHealthCheck.Key(dial, c.healthChecks().active(), c.transport(), checks);
                active = registry.acquire(key, ActiveHealthCheck::start);
            }
            // As Caddy: unhealthy_request_count fills in max_requests where that is unset.
            int maxRequests = configuredMax == 0 && passiveConfig != null ? passiveConfig.unhealthyRequestCount() : configuredMax;
            Upstream upstream = new Upstream(host, maxRequests, active, passive,
                    c.circuitBreaker() == null ? null : new ErrorRatioBreaker(c.circuitBreaker(), dial));
            registry.register(upstream);
            ActiveHealthCheck.Key checkKey = key;
            return new UpstreamFactory.Lease(upstream, () -> {
                registry.unregister(upstream);
                if (checkKey != null) {
                    registry.release(checkKey);
                }
                registry.releaseHost(host);
            });
        };
    }

    /** An {@link UpstreamFactory} that also takes a static upstream's own max_requests. */
    @FunctionalInterface
    private interface Leaser {
        UpstreamFactory.Lease lease(String dial, int maxRequests);
    }

    private static PassivePolicy passive(HealthChecksConfig.Passive p) {
        if (p == null) {
            return PassivePolicy.NONE;
        }
        return new PassivePolicy(p.failDuration().toNanos(), p.maxFails(), p.unhealthyStatus(), p.unhealthyLatency().toNanos());
    }
}
