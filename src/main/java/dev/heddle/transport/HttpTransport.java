package dev.heddle.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Caddy's {@code http} transport as a blocking HTTP/1.1 client on virtual threads. One round
 * trip: take a pooled connection (or dial), write the request, read the final response head
 * (1xx other than 101 skipped for now), hand back the body as a stream.
 *
 * <p>The keep-alive race (an upstream closes an idle connection just as it is reused) is
 * absorbed twice over: a pooled connection is checked before use (an upstream's FIN shows
 * without waiting), and when a reused connection still fails before any response byte and no
 * client body byte was consumed, the request is sent once more on a fresh connection
 * (DESIGN.md §9).
 */
public final class HttpTransport implements AutoCloseable {
    private final TransportSettings settings;
    private final ConnectionPool pool;

    public HttpTransport(TransportSettings settings) {
        this.settings = settings;
        this.pool = new ConnectionPool(settings.idleTimeout().toNanos(), settings.maxIdlePerHost());
    }

    public UpstreamResponse roundTrip(UpstreamRequest request) throws TransportException {
        RequestWriter writer = new RequestWriter(request, settings.maxIdlePerHost() > 0);
        Http1Connection conn = pool.acquire(request.dial());
        if (conn == null) {
            conn = Http1Connection.open(request.dial(), settings.dialTimeout());
        }
        try {
            return exchange(conn, request, writer);
        } catch (StaleConnection stale) {
            conn.close();
            Http1Connection fresh = Http1Connection.open(request.dial(), settings.dialTimeout());
            try {
                return exchange(fresh, request, writer);
            } catch (StaleConnection impossible) {
                fresh.close();
                throw impossible.cause;
            }
        }
    }

    private UpstreamResponse exchange(Http1Connection conn, UpstreamRequest request, RequestWriter writer)
            throws TransportException, StaleConnection {
        try {
            writer.write(conn);
        } catch (UpstreamWriteException e) {
            if (conn.reused() && !writer.bodyTouched()) {
                throw new StaleConnection(e);
            }
            conn.close();
            throw e;
        } catch (TransportException e) {
            conn.close();
            throw e;
        }
        ResponseHead head = readFinalHead(conn, request, writer);
        return new UpstreamResponse(head, conn, pool);
    }

    private ResponseHead readFinalHead(Http1Connection conn, UpstreamRequest request, RequestWriter writer)
            throws TransportException, StaleConnection {
        boolean headRequest = request.method().equals("HEAD");
        boolean anyByte = false;
        try {
            conn.readTimeout(positive(settings.responseHeaderTimeout()));
            while (true) {
                ResponseHead head = ResponseHead.read(conn, headRequest);
                if (head == null) {
                    UpstreamReadException e = new UpstreamReadException(request.dial(),
                            "upstream closed the connection before sending a response", null);
                    if (!anyByte && conn.reused() && !writer.bodyTouched()) {
                        throw new StaleConnection(e);
                    }
                    throw e;
                }
                anyByte = true;
                if (head.status() >= 200 || head.status() == 101) {
                    conn.readTimeout(positive(settings.readTimeout()));
                    return head;
                }
            }
        } catch (SocketTimeoutException e) {
            conn.close();
            throw new UpstreamTimeoutException(request.dial(), "no response head within "
                    + settings.responseHeaderTimeout().toMillis() + " ms", e);
        } catch (UpstreamReadException e) {
            conn.close();
            throw e;
        } catch (IOException e) {
            if (!anyByte && conn.reused() && !writer.bodyTouched() && !(e instanceof Http1Connection.ProtocolException)) {
                throw new StaleConnection(new UpstreamReadException(request.dial(), e.getMessage(), e));
            }
            conn.close();
            throw new UpstreamReadException(request.dial(), "reading the response head failed: " + e.getMessage(), e);
        }
    }

    private static Duration positive(Duration d) {
        return d == null || d.isZero() || d.isNegative() ? null : d;
    }

    /** Idle connections to an address, for tests and the admin API. */
    int idleConnections(String dial) {
        return pool.idleCount(dial);
    }

    @Override
    public void close() {
        pool.closeAll();
    }

    /** A reused connection turned out dead before anything irreversible happened. */
    private static final class StaleConnection extends Exception {
        final TransportException cause;

        StaleConnection(TransportException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
