package dev.heddle.transport;

import java.io.IOException;

/**
 * A failed round trip, its meaning carried by its type (DESIGN.md §3): callers switch on the
 * subclass, never on the message.
 */
public abstract sealed class TransportException extends IOException
        permits DialException, UpstreamWriteException, UpstreamReadException, UpstreamTimeoutException, ClientReadException {
    private final String upstream;

    TransportException(String upstream, String message, Throwable cause) {
        super(message, cause);
        this.upstream = upstream;
    }

    /** The dial address of the upstream involved. */
    public String upstream() {
        return upstream;
    }
}
