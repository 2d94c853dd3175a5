package dev.heddle.transport;

/** Writing the request head or body to the upstream failed. */
public final class UpstreamWriteException extends TransportException {
    public UpstreamWriteException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }
}
