package dev.heddle.http;

/**
 * Routes that handle a {@link HandlerException} (Caddy's {@code errors.routes}, a server's or
 * a subroute's). They see the error through {@code {http.error.*}}; if they write nothing, or
 * there are none, the error's status goes out with an empty body (errorEmptyHandler).
 */
public final class ErrorRoutes {
    /** Writes the error's status with an empty body unless something was already written. */
    public static final Next WRITE_STATUS = ex -> {
        if (ex.response() != null && !ex.responseStarted()) {
            int status = ex.error() == null ? 500 : ex.error().status();
            ex.loggedStatus(status);
            ex.response().status(status).send();
        }
    };

    private final RouteList routes;

    public ErrorRoutes(RouteList routes) {
        this.routes = routes;
    }

    /** Runs the error routes for {@code error}; {@code after} runs if they fall through. */
    public void handle(Exchange ex, HandlerException error, Next after) throws HandlerException {
        ex.error(error);
        routes.serve(ex, after, WRITE_STATUS);
    }
}
