package dev.heddle.transport;

import java.io.InputStream;
import java.util.List;

/**
 * An upstream's final response, whichever transport got it: head now, body as a stream.
 * Exactly one of {@link #close()} (done: the transport may reuse its connection when the body
 * was read to the end) or {@link #abandon()} (stop: never reuse) ends it; both are idempotent.
 * Body read failures are {@link UpstreamReadException}s (or timeouts).
 */
public abstract class UpstreamResponse implements AutoCloseable {
    /**
     * False when the upstream answered before the request body was sent (an HTTP "Expect:
     * 100-continue" answered early): the client's body is still unread.
     */
    public boolean requestBodySent() {
        return true;
    }

    public abstract int status();

    public abstract String reason();

    public abstract List<HeaderField> headers();

    /** First value of a field (case-insensitive), or null. */
    public String header(String name) {
        for (HeaderField h : headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The fixed body length; -1 when unknown until its end; 0 when there is no body. */
    public abstract long contentLength();

    /** Whether the upstream framed the body in chunks (its trailers may follow). */
    public boolean chunked() {
        return false;
    }

    public abstract InputStream body();

    /** Trailer fields, once the body was read to its end; none before that. */
    public List<HeaderField> trailers() {
        return List.of();
    }

    @Override
    public abstract void close();

    public abstract void abandon();

    /** Takes over the connection after a 101; this response is then ended. */
    public UpgradedConnection upgrade() {
        throw new IllegalStateException("no upgraded connection: status " + status());
    }
}
