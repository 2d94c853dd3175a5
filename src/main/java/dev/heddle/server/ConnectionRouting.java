package dev.heddle.server;

import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import java.util.function.Supplier;

/**
 * Helidon's HTTP routing with one addition: the request being routed can find its connection
 * ({@link ConnectionContext}), which Helidon gives no handler. Through it Heddle relays a 101
 * and splices an upgraded connection, and could send other 1xx (craft.md §7). Only public API:
 * it wraps the built routing and delegates everything, lifecycle included. The connection is
 * a thread-local for the duration of the (synchronous) route, not an entry in the request's
 * Helidon context: creating that context costs a map, a lock and an id string per request.
 */
final class ConnectionRouting implements HttpRouting {
    private static final ThreadLocal<ConnectionContext> ROUTING = new ThreadLocal<>();

    private final HttpRouting delegate;

    private ConnectionRouting(HttpRouting delegate) {
        this.delegate = delegate;
    }

    static Builder builder() {
        return new Builder();
    }

    @Override
    public void route(ConnectionContext ctx, RoutingRequest request, RoutingResponse response) {
        ROUTING.set(ctx);
        try {
            delegate.route(ctx, request, response);
        } finally {
            ROUTING.remove();
        }
    }

    /** The connection of the request this thread is routing, or null outside a route. */
    static ConnectionContext current() {
        return ROUTING.get();
    }

    @Override
    public HttpSecurity security() {
        return delegate.security();
    }

    @Override
    public void beforeStart() {
        delegate.beforeStart();
    }

    @Override
    public void afterStart(WebServer webServer) {
        delegate.afterStart(webServer);
    }

    @Override
    public void afterStop() {
        delegate.afterStop();
    }

    /** Builds Helidon's routing, then wraps it. */
    static final class Builder implements HttpRouting.Builder {
        private final HttpRouting.Builder delegate = HttpRouting.builder();

        @Override
        public HttpRouting build() {
            return new ConnectionRouting(delegate.build());
        }

        @Override
        public Builder register(HttpService... services) {
            delegate.register(services);
            return this;
        }

        @Override
        public Builder register(String path, HttpService... services) {
            delegate.register(path, services);
            return this;
        }

        @Override
        public Builder route(HttpRoute route) {
            delegate.route(route);
            return this;
        }

        @Override
        public Builder addFilter(Filter filter) {
            delegate.addFilter(filter);
            return this;
        }

        @Override
        public Builder addFeature(Supplier<? extends HttpFeature> feature) {
            delegate.addFeature(feature);
            return this;
        }

        @Override
        public <T extends Throwable> Builder error(Class<T> exceptionClass, ErrorHandler<? super T> handler) {
            delegate.error(exceptionClass, handler);
            return this;
        }

        @Override
        public Builder maxReRouteCount(int max) {
            delegate.maxReRouteCount(max);
            return this;
        }

        @Override
        public Builder security(HttpSecurity security) {
            delegate.security(security);
            return this;
        }

        @Override
        public HttpRouting.Builder copy() {
            return delegate.copy();
        }
    }
}
