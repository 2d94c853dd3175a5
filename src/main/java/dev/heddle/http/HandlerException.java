package dev.heddle.http;

/**
 * A handler's failure with the HTTP status it maps to (Caddy's {@code caddyhttp.Error}).
 * The server turns it into the error routes' input, or an empty response with the status.
 */
public final class HandlerException extends Exception {
    private final int status;

    public HandlerException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public HandlerException(int status, String message) {
        this(status, message, null);
    }

    public int status() {
        return status;
    }
}
