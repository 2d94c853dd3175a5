package dev.heddle.transport;

/** Connecting failed (refused, unreachable, unresolvable, dial timeout): no byte reached the upstream, so it is always safe to retry. */
public final class DialException extends TransportException {
    public DialException(String upstream, String message, Throwable cause) {
        super(upstream, message, cause);
    }
}
