package dev.heddle.transport;

import java.io.InputStream;
import java.util.List;

/**
 * An upstream's final response: head now, body as a stream. Exactly one of {@link #close()}
 * (done: pool the connection if its body was read to the end) or {@link #abandon()} (stop:
 * never pool) ends it; both are idempotent.
 */
public final class UpstreamResponse implements AutoCloseable {
    private final ResponseHead head;
    private final ResponseBody body;
    private final Http1Connection conn;
    private final ConnectionPool pool;
    private final boolean requestBodySent;
    private boolean ended;

    UpstreamResponse(ResponseHead head, Http1Connection conn, ConnectionPool pool, boolean requestBodySent) {
        this.head = head;
        this.requestBodySent = requestBodySent;
        this.body = new ResponseBody(conn, head);
        this.conn = conn;
        this.pool = pool;
    }

    /**
     * False when the upstream answered an "Expect: 100-continue" request before its body was
     * sent: the client's body is still unread, so its connection must not be reused.
     */
    public boolean requestBodySent() {
        return requestBodySent;
    }

    public int status() {
        return head.status();
    }

    public String reason() {
        return head.reason();
    }

    public List<HeaderField> headers() {
        return head.headers();
    }

    /** First value of a field (case-insensitive), or null. */
    public String header(String name) {
        for (HeaderField h : head.headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** The fixed body length; -1 when chunked or until close; 0 when there is no body. */
    public long contentLength() {
        return switch (head.framing()) {
            case NONE -> 0;
            case FIXED -> head.contentLength();
            case CHUNKED, UNTIL_CLOSE -> -1;
        };
    }

    public boolean chunked() {
        return head.framing() == ResponseHead.Framing.CHUNKED;
    }

    /** The de-framed body; failures are {@link UpstreamReadException}s. */
    public InputStream body() {
        return body;
    }

    /** Trailer fields of a chunked body read to its end; none before that, or for other framings. */
    public List<HeaderField> trailers() {
        return body.trailers();
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        if (body.complete() && head.keepAlive() && requestBodySent) {
            pool.release(conn);
        } else {
            conn.close();
        }
    }

    /** Takes over the connection after a 101; this response is then ended. */
    public UpgradedConnection upgrade() {
        if (head.status() != 101 || ended) {
            throw new IllegalStateException("no upgraded connection: status " + head.status());
        }
        ended = true;
        return new UpgradedConnection(conn);
    }

    public void abandon() {
        if (!ended) {
            ended = true;
            conn.close();
        }
    }
}
