package dev.heddle.transport.fastcgi;

import dev.heddle.config.FastCgiTransportConfig;
import dev.heddle.transport.ClientReadException;
import dev.heddle.transport.DialException;
import dev.heddle.transport.Informational;
import dev.heddle.transport.PoolSweeper;
import dev.heddle.transport.Transport;
import dev.heddle.transport.TransportException;
import dev.heddle.transport.UpstreamReadException;
import dev.heddle.transport.UpstreamRequest;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.transport.UpstreamTimeoutException;
import dev.heddle.transport.UpstreamWriteException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

/**
 * Caddy's {@code fastcgi} transport: one request per connection at a time (request id 1), the
 * CGI environment as PARAMS, the request body streamed as STDIN, the response parsed from
 * STDOUT and streamed through the proxy's copy loop. Beyond Caddy (which dials per request):
 * FCGI_KEEP_CONN and reuse of the connections php-fpm keeps, under keep_alive's idle rules.
 * read_timeout and write_timeout are one deadline each from the exchange's start, as Caddy's.
 */
public final class FastCgiTransport implements Transport {
    private static final System.Logger LOG = System.getLogger("dev.heddle.fastcgi");
    /** The CGI head is bounded like an HTTP response head (Go's default). */
    private static final int MAX_HEAD_BYTES = 10 << 20;
    /** A body of unknown length is buffered up to this much to learn CONTENT_LENGTH (current Caddy); more is a 411. */
    private static final int UNKNOWN_LENGTH_BUFFER = 4096;

    private final FastCgiTransportConfig config;
    private final IdleConnections idle;
    /** max_conns_per_host as fair permits per address: one per connection in use (kept idle ones hold none). */
    private final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.Semaphore> permits =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweep;

    public FastCgiTransport(FastCgiTransportConfig config) {
        this.config = config;
        this.idle = new IdleConnections(config.maxIdlePerHost(), config.idleTimeout().toNanos());
        this.sweep = idle.enabled() ? PoolSweeper.sweep(idle::sweep, config.idleTimeout().toNanos()) : null;
    }

    @Override
    public UpstreamResponse roundTrip(UpstreamRequest request, Informational informational) throws TransportException {
        String target = request.target();
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        String path = request.origin() != null ? request.origin().path() : rawPath;
        if (path.indexOf('\0') >= 0) {
            return Answer.of(400, "Bad Request");  // a NUL can make PHP run a file that is not a script
        }
        InputStream body = request.body();
        long length = request.contentLength();
        if (body != null && length < 0) {
            byte[] head = readUpTo(request, body, UNKNOWN_LENGTH_BUFFER + 1);
            if (head.length > UNKNOWN_LENGTH_BUFFER) {
                return Answer.of(411, "Length Required");  // FastCGI needs CONTENT_LENGTH up front
            }
            body = new ByteArrayInputStream(head);
            length = head.length;
        }
        Map<String, String> env;
        try {
            env = CgiEnvironment.build(request, config, path, query, length);
        } catch (IOException | RuntimeException e) {
            throw new UpstreamWriteException(request.dial(), "building the CGI environment: " + e.getMessage(), e);
        }
        List<byte[]> params = Params.encode(env);
        Connection conn = obtain(request.dial());
        try {
            return exchange(conn, request, params, body);
        } catch (UpstreamReadException | UpstreamWriteException e) {
            conn.close();
            // php-fpm closes kept connections when it recycles a worker (pm.max_requests): a request
            // without a body that met such a connection is sent again on a new one; a body is spent.
            if (!conn.reused() || body != null) {
                throw e;
            }
        } catch (TransportException | RuntimeException e) {
            conn.close();
            throw e;
        }
        Connection fresh = obtain(request.dial());
        try {
            return exchange(fresh, request, params, body);
        } catch (TransportException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    /**
     * A connection for one exchange: within max_conns_per_host, first a fair wait for a permit
     * (so waiting requests are served in order, never overtaken), then a kept connection when
     * one is idle, else a new one. Since a new connection is opened only when none is idle,
     * connections never outnumber the permits. The permit returns when the exchange ends.
     */
    private Connection obtain(String address) throws DialException {
        Runnable lease = lease(address);
        try {
            Connection c = idle.enabled() ? idle.acquire(address) : null;
            if (c == null) {
                c = Connection.open(address, config.dialTimeout());
            }
            c.lease(lease);
            return c;
        } catch (DialException | RuntimeException e) {
            lease.run();
            throw e;
        }
    }

    private Runnable lease(String address) throws DialException {
        int max = config.maxConnsPerHost();
        if (max <= 0) {
            return () -> { };
        }
        java.util.concurrent.Semaphore s = permits.computeIfAbsent(address, a -> new java.util.concurrent.Semaphore(max, true));
        try {
            if (!s.tryAcquire(config.dialTimeout().toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                throw new DialException(address, "all " + max + " connections (max_conns_per_host) stayed busy for "
                        + config.dialTimeout().toMillis() + " ms", null, true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DialException(address, "interrupted while waiting for a connection", e);
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                s.release();
            }
        };
    }

    private UpstreamResponse exchange(Connection conn, UpstreamRequest request, List<byte[]> params, InputStream body)
            throws TransportException {
        long start = System.nanoTime();
        long write = config.writeTimeout().toNanos();
        long read = config.readTimeout().toNanos();
        conn.deadline(write);
        try {
            OutputStream out = conn.out;
            Records.beginRequest(out, idle.enabled());
            Params.write(out, params);
            if (body != null) {
                stdin(conn, request, body);
            }
            Records.write(out, Records.STDIN, new byte[0], 0, 0);  // the empty record that ends STDIN
            out.flush();
        } catch (ClientReadException e) {
            throw e;
        } catch (IOException e) {
            throw conn.timedOut()
                    ? new UpstreamWriteException(conn.dial, "FastCGI write_timeout", new java.net.SocketTimeoutException(e.getMessage()))
                    : new UpstreamWriteException(conn.dial, "writing the FastCGI request: " + e.getMessage(), e);
        }
        conn.deadline(read > 0 ? Math.max(1, read - (System.nanoTime() - start)) : 0);
        Stdout stdout = new Stdout(conn.in);
        CgiHead head;
        try {
            head = CgiHead.read(stdout, MAX_HEAD_BYTES);
        } catch (IOException e) {
            if (conn.timedOut()) {
                throw new UpstreamTimeoutException(conn.dial, "FastCGI read_timeout before the response headers", e);
            }
            throw new UpstreamReadException(conn.dial, "reading the FastCGI response: " + e.getMessage(), e);
        }
        return new FastCgiResponse(head, conn, stdout, this::reuse, this::logStderr);
    }

    /** The request body as STDIN records; a client that fails its body is the client's failure. */
    private static void stdin(Connection conn, UpstreamRequest request, InputStream body) throws IOException {
        byte[] buf = new byte[16 * 1024];
        while (true) {
            int n;
            try {
                n = body.read(buf);
            } catch (IOException | RuntimeException e) {
                throw new ClientReadException(request.dial(), "reading the client's request body: " + e.getMessage(), e);
            }
            if (n < 0) {
                return;
            }
            Records.write(conn.out, Records.STDIN, buf, 0, n);
        }
    }

    private static byte[] readUpTo(UpstreamRequest request, InputStream body, int max) throws ClientReadException {
        try {
            return body.readNBytes(max);
        } catch (IOException | RuntimeException e) {
            throw new ClientReadException(request.dial(), "reading the client's request body: " + e.getMessage(), e);
        }
    }

    private void reuse(Connection conn) {
        conn.deadline(0);
        if (idle.enabled()) {
            idle.release(conn);
        } else {
            conn.close();
        }
    }

    /** capture_stderr: one line per response that wrote to stderr, ERROR for a 4xx/5xx and WARN otherwise (Caddy's levels). */
    private void logStderr(String dial, int status, String stderr) {
        if (config.captureStderr() && !stderr.isEmpty()) {
            LOG.log(status >= 400 ? Level.ERROR : Level.WARNING, "stderr from FastCGI upstream " + dial + " (status " + status + "): "
                    + stderr.strip());
        }
    }

    @Override
    public boolean needsOrigin() {
        return true;
    }

    @Override
    public void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
        idle.close();
    }
}
