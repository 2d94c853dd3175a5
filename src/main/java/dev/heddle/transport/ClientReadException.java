package dev.heddle.transport;

/** Reading the request body from the client failed: the client went away mid-upload. */
public final class ClientReadException extends TransportException {
    public ClientReadException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }
}
