package dev.heddle.transport;

import java.io.InputStream;
import java.util.List;

/** An HTTP/1.x upstream's response over a pooled connection (closing pools it when its body was read to the end). */
final class HttpUpstreamResponse extends UpstreamResponse {
    private final ResponseHead head;
    private final ResponseBody body;
    private final Http1Connection conn;
    private final ConnectionPool pool;
    private final boolean requestBodySent;
    private boolean ended;
    /** Set when the transport asked for gzip and got it: the body is decoded on the way. */
    private List<HeaderField> decodedHeaders;
    private InputStream decodedBody;

    HttpUpstreamResponse(ResponseHead head, Http1Connection conn, ConnectionPool pool, boolean requestBodySent) {
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
    @Override
    public boolean requestBodySent() {
        return requestBodySent;
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public String reason() {
        return head.reason();
    }

    @Override
    public List<HeaderField> headers() {
        return decodedHeaders != null ? decodedHeaders : head.headers();
    }

    /** The fixed body length; -1 when chunked or until close; 0 when there is no body. */
    @Override
    public long contentLength() {
        if (decodedBody != null) {
            return -1;  // the decoded length is known only at its end
        }
        return switch (head.framing()) {
            case NONE -> 0;
            case FIXED -> head.contentLength();
            case CHUNKED, UNTIL_CLOSE -> -1;
        };
    }

    @Override
    public boolean chunked() {
        return head.framing() == ResponseHead.Framing.CHUNKED;
    }

    /** The de-framed body; failures are {@link UpstreamReadException}s. */
    @Override
    public InputStream body() {
        return decodedBody != null ? decodedBody : body;
    }

    /**
     * The body is gzip the transport asked for: from now on it reads decoded, without the
     * Content-Encoding and Content-Length fields (Go's transport under Caddy).
     */
    void decodeGzip() {
        List<HeaderField> kept = new java.util.ArrayList<>(head.headers().size());
        for (HeaderField h : head.headers()) {
            if (!h.name().equalsIgnoreCase("Content-Encoding") && !h.name().equalsIgnoreCase("Content-Length")) {
                kept.add(h);
            }
        }
        decodedHeaders = List.copyOf(kept);
        decodedBody = new GunzippedBody(body);
    }

    /** Decodes lazily (the gzip header is read on the first read); at its end the raw body is read out, so the connection can be pooled. */
    private static final class GunzippedBody extends InputStream {
        private final InputStream raw;
        private java.util.zip.GZIPInputStream gzip;

        GunzippedBody(InputStream raw) {
            this.raw = raw;
        }

        @Override
        public int read() throws java.io.IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            if (gzip == null) {
                gzip = new java.util.zip.GZIPInputStream(raw, 8192);
            }
            int n = gzip.read(b, off, len);
            if (n < 0) {
                raw.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return n;
        }
    }

    /** Trailer fields of a chunked body read to its end; none before that, or for other framings. */
    @Override
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
    @Override
    public UpgradedConnection upgrade() {
        if (head.status() != 101 || ended) {
            throw new IllegalStateException("no upgraded connection: status " + head.status());
        }
        ended = true;
        return new UpgradedConnection(conn);
    }

    @Override
    public void abandon() {
        if (!ended) {
            ended = true;
            conn.close();
        }
    }
}
