package dev.heddle.proxy;

import dev.heddle.balance.SelectionPolicy;
import dev.heddle.config.Cidr;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.transport.ClientReadException;
import dev.heddle.transport.HttpTransport;
import dev.heddle.transport.TransportException;
import dev.heddle.transport.UpstreamRequest;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.upstream.Upstream;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Caddy's {@code reverse_proxy}, first cut: pick an available upstream, send it the prepared
 * request over a pooled connection, relay the response. No retries yet.
 */
public final class ReverseProxyHandler implements Handler {
    private static final System.Logger LOG = System.getLogger("dev.heddle.proxy");

    private final List<Upstream> upstreams;
    private final SelectionPolicy policy;
    private final List<Cidr> trustedProxies;
    private final HttpTransport transport;

    public ReverseProxyHandler(List<Upstream> upstreams, SelectionPolicy policy, List<Cidr> trustedProxies,
                               HttpTransport transport) {
        this.upstreams = List.copyOf(upstreams);
        this.policy = policy;
        this.trustedProxies = trustedProxies;
        this.transport = transport;
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        Upstream upstream = policy.select(upstreams);
        if (upstream == null) {
            throw new HandlerException(503, "no upstreams available");
        }
        boolean trusted = ex.trustedPeer() || Cidr.anyContains(trustedProxies, ex.remoteAddress());
        UpstreamRequest request = new UpstreamRequest(upstream.dial(), ex.method(), ex.rawUri(),
                RequestHeaders.prepare(ex, trusted), body(ex.request()), contentLength(ex.request()));
        upstream.countRequest(1);
        try {
            UpstreamResponse response = roundTrip(ex, upstream, request);
            ResponseRelay.relay(ex, response, upstream.dial());
        } finally {
            upstream.countRequest(-1);
        }
    }

    private UpstreamResponse roundTrip(Exchange ex, Upstream upstream, UpstreamRequest request) throws HandlerException {
        try {
            return transport.roundTrip(request);
        } catch (ClientReadException e) {
            LOG.log(Level.DEBUG, () -> "client went away while sending its request body to " + upstream.dial() + ": " + e.getMessage());
            ex.loggedStatus(ProxyErrors.CLIENT_CLOSED);
            throw new CloseConnectionException("client read error");
        } catch (TransportException e) {
            LOG.log(Level.ERROR, "upstream " + upstream.dial() + ": " + ProxyErrors.action(e) + ": " + e.getMessage()
                    + " (" + ex.method() + " " + ex.rawUri() + ")");
            throw new HandlerException(ProxyErrors.status(e), ProxyErrors.action(e) + " (" + upstream.dial() + ")", e);
        }
    }

    private static InputStream body(ServerRequest req) {
        return req != null && req.content().hasEntity() ? req.content().inputStream() : null;
    }

    private static long contentLength(ServerRequest req) {
        return req == null ? -1 : req.headers().contentLength().orElse(-1);
    }
}
