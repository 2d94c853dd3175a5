package dev.heddle.handlers;

import dev.heddle.http.ErrorRoutes;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.RouteList;

/**
 * Caddy's {@code subroute}: nested routes whose fall-through continues with the handler after
 * the subroute; errors from inside go to the subroute's own error routes first, which fall
 * through to that same next handler (caddyhttp/subroute.go).
 */
public final class SubrouteHandler implements Handler {
    private final RouteList routes;
    private final ErrorRoutes errors;

    public SubrouteHandler(RouteList routes, ErrorRoutes errors) {
        this.routes = routes;
        this.errors = errors;
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        try {
            routes.serve(ex, next, Next.END);
        } catch (HandlerException e) {
            if (errors == null) {
                throw e;
            }
            errors.handle(ex, e, next);
        }
    }
}
