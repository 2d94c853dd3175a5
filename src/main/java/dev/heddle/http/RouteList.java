package dev.heddle.http;

import dev.heddle.http.matchers.RequestMatcher;

import java.util.List;

/**
 * A compiled list of routes, run as Caddy runs them (caddyhttp/routes.go): routes are tried
 * in order; every matching route's handlers are chained like middleware, the last one's
 * {@code next} being the rest of the list; a terminal route ends the chain; only the first
 * matching route of a group runs.
 */
public final class RouteList {
    /** One route: its matcher, handlers, and how it ends. */
    public record Route(RequestMatcher matcher, List<Handler> handlers, boolean terminal, String group) {
    }

    private final Route[] routes;

    public RouteList(List<Route> routes) {
        this.routes = routes.toArray(new Route[0]);
    }

    public boolean isEmpty() {
        return routes.length == 0;
    }

    /**
     * Runs the routes from the first; {@code after} runs when the list falls through.
     * {@code terminalEnd} is what a terminal route's chain ends in (Caddy's empty handler).
     */
    public void serve(Exchange ex, Next after, Next terminalEnd) throws HandlerException {
        serveFrom(0, ex, after, terminalEnd);
    }

    private void serveFrom(int start, Exchange ex, Next after, Next terminalEnd) throws HandlerException {
        for (int i = start; i < routes.length; i++) {
            Route route = routes[i];
            if (!route.matcher().matches(ex)) {
                continue;
            }
            // Groups are scoped to this list: the same name in another list is another group.
            if (!route.group().isEmpty() && !ex.claimGroup(new GroupKey(this, route.group()))) {
                continue;
            }
            int resume = i + 1;
            Next rest = route.terminal() ? terminalEnd : e -> serveFrom(resume, e, after, terminalEnd);
            runHandlers(route.handlers(), 0, ex, rest);
            return;
        }
        after.run(ex);
    }

    private static void runHandlers(List<Handler> handlers, int index, Exchange ex, Next rest) throws HandlerException {
        if (index == handlers.size()) {
            rest.run(ex);
            return;
        }
        handlers.get(index).handle(ex, e -> runHandlers(handlers, index + 1, e, rest));
    }

    private record GroupKey(RouteList list, String group) {
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey k && k.list == list && k.group.equals(group);
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(list) * 31 + group.hashCode();
        }
    }
}
