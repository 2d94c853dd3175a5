package dev.heddle.http;

/** The rest of the handler chain after the current handler. */
@FunctionalInterface
public interface Next {
    void run(Exchange exchange) throws HandlerException;
}
