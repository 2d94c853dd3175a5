package dev.heddle.transport;

/** Connecting failed (refused, unreachable, unresolvable, dial timeout): no byte reached the upstream, so it is always safe to retry. */
public final class DialException extends TransportException {
    private final boolean timedOut;

    public DialException(String upstream, String message, Throwable cause) {
        this(upstream, message, cause, false);
    }

    public DialException(String upstream, String message, Throwable cause, boolean timedOut) {
        super(upstream, message, cause);
        this.timedOut = timedOut;
    }

    /** The dial timeout expired (Heddle answers 504 for it, where Caddy answers 502). */
    public boolean timedOut() {
        return timedOut;
    }
}
