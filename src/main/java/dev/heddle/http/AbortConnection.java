package dev.heddle.http;

/**
 * Thrown when a response cannot be completed: the server cuts the client connection without
 * writing anything more, so the client sees a truncated response (or none), never a clean
 * short one. Carries no stack trace: it is control flow, logged where the cause is known.
 */
public class AbortConnection extends RuntimeException {
    public AbortConnection(String reason) {
        super(reason, null, false, false);
    }
}
