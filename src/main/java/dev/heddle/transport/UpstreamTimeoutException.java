package dev.heddle.transport;

/** The response head did not arrive within response_header_timeout (504). */
public final class UpstreamTimeoutException extends TransportException {
    public UpstreamTimeoutException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }
}
