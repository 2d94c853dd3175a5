package dev.heddle.http;

/** The rest of the handler chain after the current handler. */
@FunctionalInterface
public interface Next {
    /** Caddy's empty handler: the end of a chain; the server answers 200 if nothing was written. */
    Next END = ex -> { };

    void run(Exchange exchange) throws HandlerException;
}
