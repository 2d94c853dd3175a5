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
public final class HttpTransport implements Transport {
    /** 1xx responses accepted before the final one. */
    private static final int MAX_INFORMATIONAL = 32;

    private final TransportSettings settings;
    private final ConnectionPool pool;
    private final ConnectionLimits limits;
    private final java.util.concurrent.ScheduledFuture<?> sweep;

    public HttpTransport(TransportSettings settings) {
        this.settings = settings;
        this.pool = new ConnectionPool(settings.idleTimeout().toNanos(), settings.maxIdlePerHost(), settings.maxIdle());
        this.limits = new ConnectionLimits(settings.maxConnsPerHost());
        boolean pools = settings.maxIdlePerHost() > 0 && settings.idleTimeout().toNanos() > 0;
        this.sweep = pools ? PoolSweeper.sweep(pool, settings.idleTimeout().toNanos()) : null;
    }

    @Override
    public boolean sendsProxyHeader() {
        return !settings.socket().proxyProtocol().isEmpty();
    }

    /**
     * Pooled connections are shared per upstream, or with a PROXY header per upstream and client
     * (as Caddy does): a connection announces one client once, so it may only carry that client's requests.
     */
    private String poolKey(UpstreamRequest request) {
        return sendsProxyHeader() && request.client() != null ? request.dial() + "->" + request.client() : request.dial();
    }

    @Override
    public UpstreamResponse roundTrip(UpstreamRequest request, Informational informational) throws TransportException {
        boolean askedGzip = settings.compression() && GzipDecoding.mayAsk(request);
        if (askedGzip) {
            request = GzipDecoding.asking(request);
        }
        UpstreamResponse response = send(request, informational);
        if (askedGzip) {
            GzipDecoding.decodeIfGzipped(response);
        }
        return response;
    }

    private UpstreamResponse send(UpstreamRequest request, Informational informational) throws TransportException {
        RequestWriter writer = new RequestWriter(request, settings.maxIdlePerHost() > 0);
        Http1Connection conn = pool.acquire(poolKey(request), request.body() != null);
        if (conn == null) {
            conn = dial(request);
        }
        try {
            return exchange(conn, request, writer, informational);
        } catch (StaleConnection stale) {
            conn.close();
            Http1Connection fresh = dial(request);
            try {
                return exchange(fresh, request, writer, informational);
            } catch (StaleConnection impossible) {
                fresh.close();
                throw impossible.cause;
            }
        }
    }

    /** A new connection, within max_conns_per_host. */
    private Http1Connection dial(UpstreamRequest request) throws DialException {
        String address = request.dial();
        Runnable release = limits.acquire(address, settings.dialTimeout(), () -> pool.evictOne(address));
        try {
            byte[] preamble = sendsProxyHeader() ? ProxyProtocolHeader.of(settings.socket().proxyProtocol(), request.client()) : null;
            Http1Connection c = Http1Connection.open(address, settings, preamble);
            c.poolKey(poolKey(request));
            c.onClose(release);
            return c;
        } catch (DialException e) {
            release.run();
            throw e;
        }
    }

    private UpstreamResponse exchange(Http1Connection conn, UpstreamRequest request, RequestWriter writer,
                                      Informational informational) throws TransportException, StaleConnection {
        boolean bodySent = true;
        ResponseHead head;
        try {
            if (writer.expectsContinue() && !settings.expectContinueTimeout().isZero()) {
                writer.writeHead(conn);
                writer.flush(conn);
                head = readHead(conn, request, writer, informational, settings.expectContinueTimeout(), true);
                if (head == null || head.status() == 100) {
                    writer.writeBody(conn);
                    writer.flush(conn);
                    head = readHead(conn, request, writer, informational, settings.responseHeaderTimeout(), false);
                } else {
                    bodySent = false;  // answered before the body: the client's body stays unread
                }
            } else {
                writer.write(conn);
                head = readHead(conn, request, writer, informational, settings.responseHeaderTimeout(), false);
            }
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
        return new HttpUpstreamResponse(head, conn, pool, bodySent);
    }

    /**
     * Reads heads until a final one (or 101). 100 Continue is never passed on: the client
     * connection sends its own when the body is first read. With {@code stopAtContinue}, a 100 ends the
     * wait (returned), and a timeout returns null instead of failing.
     */
    private ResponseHead readHead(Http1Connection conn, UpstreamRequest request, RequestWriter writer,
                                  Informational informational, Duration timeout, boolean stopAtContinue)
            throws TransportException, StaleConnection {
        boolean headRequest = request.method().equals("HEAD");
        boolean anyByte = false;
        int informational1xx = 0;
        try {
            conn.readTimeout(positive(timeout));
            while (true) {
                ResponseHead head = ResponseHead.read(conn, headRequest, settings.maxResponseHeaderSize());
                if (head == null) {
                    UpstreamReadException e = new UpstreamReadException(request.dial(),
                            "upstream closed the connection before sending a response", null);
                    if (!anyByte && conn.reused() && !writer.bodyTouched()) {
                        throw new StaleConnection(e);
                    }
                    throw e;
                }
                anyByte = true;
                int status = head.status();
                if (status >= 200 || status == 101 || (status == 100 && stopAtContinue)) {
                    conn.readTimeout(positive(settings.readTimeout()));
                    return head;
                }
                // An upstream sending 1xx without end would hold the request forever.
                if (++informational1xx > MAX_INFORMATIONAL) {
                    throw new UpstreamReadException(request.dial(), "more than " + MAX_INFORMATIONAL + " informational responses", null);
                }
                if (status != 100) {
                    informational.received(status, head.headers());
                }
            }
        } catch (SocketTimeoutException e) {
            if (stopAtContinue && !anyByte) {
                return null;  // no 100 in time: send the body anyway (Go's expect_continue_timeout)
            }
            conn.close();
            throw new UpstreamTimeoutException(request.dial(), "no response head within " + timeout.toMillis() + " ms", e);
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
        if (sweep != null) {
            sweep.cancel(false);
        }
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
