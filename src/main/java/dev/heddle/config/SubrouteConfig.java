package dev.heddle.config;

import java.util.List;

/** Caddy's {@code subroute} handler: nested routes and their own error routes. */
public record SubrouteConfig(List<RouteConfig> routes, List<RouteConfig> errorRoutes) implements HandlerConfig {

    static SubrouteConfig parse(Node n) throws ConfigException {
        List<RouteConfig> routes = RouteConfig.parseList(n.field("routes"));
        Node errors = n.field("errors");
        List<RouteConfig> errorRoutes = List.of();
        if (!errors.absent()) {
            errorRoutes = RouteConfig.parseList(errors.requireObject().field("routes"));
            errors.done();
        }
        n.done();
        return new SubrouteConfig(routes, errorRoutes);
    }
}
