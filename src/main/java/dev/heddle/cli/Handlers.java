package dev.heddle.cli;

import dev.heddle.balance.RandomSelection;
import dev.heddle.config.ConfigException;
import dev.heddle.config.HandlerConfig;
import dev.heddle.config.HttpTransportConfig;
import dev.heddle.config.ReverseProxyConfig;
import dev.heddle.config.StaticResponseConfig;
import dev.heddle.config.SubrouteConfig;
import dev.heddle.handlers.StaticResponseHandler;
import dev.heddle.handlers.SubrouteHandler;
import dev.heddle.http.ErrorRoutes;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerFactory;
import dev.heddle.http.Provisioner;
import dev.heddle.proxy.ReverseProxyHandler;
import dev.heddle.transport.HttpTransport;
import dev.heddle.transport.TransportSettings;
import dev.heddle.upstream.Upstream;

/**
 * Every handler module Heddle has, wired from its config. The switch is exhaustive over the
 * sealed {@link HandlerConfig}, so a new handler config that is not wired fails the build.
 */
public final class Handlers implements HandlerFactory {
    @Override
    public Handler create(HandlerConfig config, Provisioner p) throws ConfigException {
        return switch (config) {
            case StaticResponseConfig c -> new StaticResponseHandler(c);
            case SubrouteConfig c -> new SubrouteHandler(p.compile(c.routes()),
                    c.errorRoutes().isEmpty() ? null : new ErrorRoutes(p.compile(c.errorRoutes())));
            case ReverseProxyConfig c -> reverseProxy(c, p);
        };
    }

    private static Handler reverseProxy(ReverseProxyConfig c, Provisioner p) {
        HttpTransportConfig t = c.transport();
        HttpTransport transport = p.own(new HttpTransport(new TransportSettings(
                t.dialTimeout(), t.responseHeaderTimeout(), t.idleTimeout(), t.maxIdlePerHost())));
        return new ReverseProxyHandler(
                c.upstreams().stream().map(u -> new Upstream(u.dial(), u.maxRequests())).toList(),
                new RandomSelection(), c.trustedProxies(), transport);
    }
}
