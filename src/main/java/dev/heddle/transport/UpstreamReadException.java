package dev.heddle.transport;

/** Reading the response failed: the upstream closed early, reset, or sent a malformed or forbidden response. */
public final class UpstreamReadException extends TransportException {
    public UpstreamReadException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }
}
