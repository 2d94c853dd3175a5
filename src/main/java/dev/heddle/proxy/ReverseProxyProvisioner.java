package dev.heddle.proxy;

import dev.heddle.balance.CookieSelection;
import dev.heddle.balance.FirstSelection;
import dev.heddle.balance.HashSelection;
import dev.heddle.balance.LeastConnSelection;
import dev.heddle.balance.RandomChooseSelection;
import dev.heddle.balance.RandomSelection;
import dev.heddle.balance.RoundRobinSelection;
import dev.heddle.balance.SelectionPolicy;
import dev.heddle.balance.WeightedRoundRobinSelection;
import dev.heddle.config.ConfigException;
import dev.heddle.config.FastCgiTransportConfig;
import dev.heddle.config.HandleResponseConfig;
import dev.heddle.config.HttpTransportConfig;
import dev.heddle.config.LoadBalancingConfig;
import dev.heddle.config.ReverseProxyConfig;
import dev.heddle.config.SelectionPolicyConfig;
import dev.heddle.config.TransportConfig;
import dev.heddle.http.Handler;
import dev.heddle.http.HeaderOps;
import dev.heddle.http.Provisioner;
import dev.heddle.http.ResponseHeaderOps;
import dev.heddle.http.Rewrite;
import dev.heddle.http.Template;
import dev.heddle.http.matchers.Matchers;
import dev.heddle.transport.HttpTransport;
import dev.heddle.transport.Resolver;
import dev.heddle.transport.SocketOptions;
import dev.heddle.transport.TlsContexts;
import dev.heddle.transport.TlsSettings;
import dev.heddle.transport.Transport;
import dev.heddle.transport.TransportSettings;
import dev.heddle.transport.fastcgi.FastCgiTransport;
import dev.heddle.upstream.Upstream;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Provisions a {@code reverse_proxy} from its config, beside the handler as Caddy's Provision
 * is: the transport, the upstreams (static and dynamic) over the shared registry, the
 * selection policy, retries, header ops and handle_response routes.
 */
public final class ReverseProxyProvisioner {
    private ReverseProxyProvisioner() {
    }

    /** A handler's transport, the factory its health checks get theirs from, and its TLS upstream settings (or null). */
    private record Built(Transport transport, Function<Duration, Transport> checks, TlsSettings tls) {
    }

    private static Built transport(TransportConfig config, Provisioner p) throws ConfigException {
        return switch (config) {
            case HttpTransportConfig t -> {
                TransportSettings settings = new TransportSettings(t.dialTimeout(), t.responseHeaderTimeout(), t.readTimeout(),
                        t.idleTimeout(), t.maxIdlePerHost(), t.expectContinueTimeout(), t.maxResponseHeaderSize(), t.maxConnsPerHost(),
                        TlsContexts.settings(t.tls()), t.maxIdle(), socketOptions(t.sockets()), t.compression());
                // Checks go through a transport with the proxy's own settings, but the check's timeout.
                yield new Built(p.own(new HttpTransport(settings)),
                        timeout -> new HttpTransport(settings.withTimeouts(timeout, timeout)), settings.tls());
            }
            case FastCgiTransportConfig f -> new Built(p.own(new FastCgiTransport(f)),
                    timeout -> new FastCgiTransport(f.withTimeouts(timeout, timeout)), null);
        };
    }

    /** The handler a {@code reverse_proxy} config describes, with everything it holds owned by {@code p}. */
    public static Handler create(ReverseProxyConfig c, Provisioner p) throws ConfigException {
        Built built = transport(c.transport(), p);
        Transport transport = built.transport();
        List<Upstream> upstreams = UpstreamAssembly.upstreams(c, built.checks(), p);
        LoadBalancingConfig lb = c.loadBalancing();
        LoadBalancingConfig.RetryBackoff backoff = lb.backoff();
        return ReverseProxyHandler.builder()
                .upstreams(upstreams)
                .dynamicUpstreams(UpstreamAssembly.dynamic(c, built.checks(), p))
                .policy(policy(lb.policy(), upstreams))
                .trustedProxies(c.trustedProxies())
                .transport(transport)
                .retries(lb.retries(), lb.tryDuration(), lb.tryInterval(),
                        lb.retryMatch().isEmpty() ? null : Matchers.compileAny(lb.retryMatch()),
                        backoff.multiplier(), backoff.max(), backoff.jitter())
                .requestBuffers(c.requestBuffers())
                .streams(tunnels(c, p), c.streams().timeout(), c.streams().bufferSize())
                .flushInterval(c.flushInterval().toNanos())
                .responseBuffers(c.responseBuffers())
                .tlsUpstreams(built.tls())
                .headerOps(new HeaderOps(c.headers().request()), new ResponseHeaderOps(c.headers().response()))
                .rewrite(c.rewrite() == null ? null : new Rewrite(c.rewrite()))
                .handleResponse(handleResponse(c, p))
                .build();
    }

    private static SocketOptions socketOptions(HttpTransportConfig.Sockets s) {
        return new SocketOptions(s.localAddress(), s.probeInterval(), s.readBuffer(), s.writeBuffer(), s.writeTimeout(),
                s.proxyProtocol(), s.fallbackDelay(), s.resolvers().isEmpty() ? null : new Resolver(s.resolvers()));
    }

    private static List<HandleResponse> handleResponse(ReverseProxyConfig c, Provisioner p) throws ConfigException {
        List<HandleResponse> out = new java.util.ArrayList<>();
        for (HandleResponseConfig h : c.handleResponse()) {
            out.add(new HandleResponse(h.matchStatus(), h.matchHeaders(),
                    h.statusCode().isEmpty() ? null : Template.compile(h.statusCode()), p.compile(h.routes())));
        }
        return List.copyOf(out);
    }

    private static Tunnels tunnels(ReverseProxyConfig c, Provisioner p) {
        Tunnels tunnels = new Tunnels(c.streams().closeDelay());
        p.onRetire(tunnels::closeAll);
        return tunnels;
    }

    static SelectionPolicy policy(SelectionPolicyConfig c, List<Upstream> upstreams) {
        return switch (c) {
            case SelectionPolicyConfig.Random r -> new RandomSelection();
            case SelectionPolicyConfig.RandomChoose r -> new RandomChooseSelection(r.choose());
            case SelectionPolicyConfig.LeastConn l -> new LeastConnSelection();
            case SelectionPolicyConfig.RoundRobin r -> new RoundRobinSelection();
            case SelectionPolicyConfig.WeightedRoundRobin w -> new WeightedRoundRobinSelection(upstreams, w.weights());
            case SelectionPolicyConfig.First f -> new FirstSelection();
            case SelectionPolicyConfig.IpHash h -> new HashSelection(HashSelection.Key.REMOTE_IP, "", null);
            case SelectionPolicyConfig.ClientIpHash h -> new HashSelection(HashSelection.Key.CLIENT_IP, "", null);
            case SelectionPolicyConfig.UriHash h -> new HashSelection(HashSelection.Key.URI, "", null);
            case SelectionPolicyConfig.Query q -> new HashSelection(HashSelection.Key.QUERY, q.key(), policy(q.fallback(), upstreams));
            case SelectionPolicyConfig.Header h -> new HashSelection(HashSelection.Key.HEADER, h.field(), policy(h.fallback(), upstreams));
            case SelectionPolicyConfig.Cookie k -> new CookieSelection(k.name(), k.secret(), k.maxAge(), policy(k.fallback(), upstreams));
        };
    }
}
