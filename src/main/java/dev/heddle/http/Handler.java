package dev.heddle.http;

/**
 * A middleware handler, as in Caddy: it answers the request or calls {@code next}. A failure
 * that should become an error response is thrown as a {@link HandlerException}.
 */
@FunctionalInterface
public interface Handler {
    void handle(Exchange exchange, Next next) throws HandlerException;
}
