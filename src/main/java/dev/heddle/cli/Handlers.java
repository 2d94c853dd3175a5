package dev.heddle.cli;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ErrorHandlerConfig;
import dev.heddle.config.HandlerConfig;
import dev.heddle.config.MapConfig;
import dev.heddle.config.FileServerConfig;
import dev.heddle.config.VarsConfig;
import dev.heddle.handlers.ErrorHandler;
import dev.heddle.handlers.MapHandler;
import dev.heddle.handlers.VarsHandler;
import dev.heddle.config.CopyResponseConfig;
import dev.heddle.config.CopyResponseHeadersConfig;
import dev.heddle.config.HeadersHandlerConfig;
import dev.heddle.config.RequestBodyConfig;
import dev.heddle.config.RewriteConfig;
import dev.heddle.config.ReverseProxyConfig;
import dev.heddle.config.StaticResponseConfig;
import dev.heddle.config.SubrouteConfig;
import dev.heddle.handlers.HeadersHandler;
import dev.heddle.handlers.RequestBodyHandler;
import dev.heddle.handlers.RewriteHandler;
import dev.heddle.handlers.StaticResponseHandler;
import dev.heddle.handlers.SubrouteHandler;
import dev.heddle.http.ErrorRoutes;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerFactory;
import dev.heddle.http.Provisioner;
import dev.heddle.proxy.CopyResponseHandler;
import dev.heddle.proxy.CopyResponseHeadersHandler;
import dev.heddle.proxy.ReverseProxyProvisioner;


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
            case ReverseProxyConfig c -> ReverseProxyProvisioner.create(c, p);
            case HeadersHandlerConfig c -> new HeadersHandler(c);
            case RewriteConfig c -> new RewriteHandler(c);
            case RequestBodyConfig c -> new RequestBodyHandler(c);
            case CopyResponseConfig c -> new CopyResponseHandler(c);
            case CopyResponseHeadersConfig c -> new CopyResponseHeadersHandler(c);
            case ErrorHandlerConfig c -> new ErrorHandler(c);
            case VarsConfig c -> new VarsHandler(c);
            case MapConfig c -> new MapHandler(c);
            case FileServerConfig c -> new dev.heddle.handlers.files.FileServerHandler(c);
            case dev.heddle.config.EncodeConfig c -> new dev.heddle.handlers.encode.EncodeHandler(c);
        };
    }
}
