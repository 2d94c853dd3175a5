package dev.heddle.transport;

import java.net.SocketTimeoutException;

/** Writing the request head or body to the upstream failed. */
public final class UpstreamWriteException extends TransportException {
    public UpstreamWriteException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }

    /** A write blocked past write_timeout (Caddy answers a timeout with 504). */
    public boolean timedOut() {
        return getCause() instanceof SocketTimeoutException;
    }
}
