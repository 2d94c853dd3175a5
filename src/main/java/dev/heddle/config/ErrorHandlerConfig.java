package dev.heddle.config;

/**
 * Caddy's {@code error} handler (staticerror.go): fails the request with a status (default
 * 500) and a message, both with placeholders, so that the server's error routes run.
 *
 * @param message    the {@code error} field ("" when absent)
 * @param statusCode as written: an integer, or a string with placeholders ("" = 500)
 */
public record ErrorHandlerConfig(String message, String statusCode) implements HandlerConfig {
    static ErrorHandlerConfig parse(Node n) throws ConfigException {
        String message = n.field("error").string("");
        String status = StaticResponseConfig.weakStatus(n.field("status_code"));
        n.done();
        return new ErrorHandlerConfig(message, status);
    }
}
