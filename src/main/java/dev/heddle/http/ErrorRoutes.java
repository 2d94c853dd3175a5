package dev.heddle.http;

import java.nio.charset.StandardCharsets;

/**
 * Routes that handle a {@link HandlerException} (Caddy's {@code errors.routes}). They see the
 * error through {@code {http.error.*}}; if they write nothing, the error's status goes out with
 * a one-line text body such as "502 Bad Gateway" (Caddy's errorEmptyHandler sends no body;
 * a short body tells a curl user what happened, and error routes can replace it).
 */
public final class ErrorRoutes {
    /** Writes the error's status with an empty body unless something was already written. */
    public static final Next WRITE_STATUS = ex -> {
        if (ex.response() != null && !ex.responseStarted()) {
            int status = ex.error() == null ? 500 : ex.error().status();
            ex.loggedStatus(status);
            byte[] body = (status + " " + StatusText.of(status) + "\n").getBytes(StandardCharsets.UTF_8);
            ex.response().status(status).header("Content-Type", "text/plain").send(body);
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
