package dev.heddle.server.http1;

import dev.heddle.http.AbortConnection;
import dev.heddle.http.HeaderList;
import dev.heddle.http.StatusText;
import dev.heddle.http.Takeover;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Heddle's own HTTP/1.x server connection, run by Helidon on the connection's virtual thread
 * (craft.md §8). The loop, per request:
 * <ol>
 *   <li>wait for the first byte (idle: Helidon's idle sweep or a stop may close it now);</li>
 *   <li>parse the head (read_header_timeout), refusing what RFC 9112 refuses, then close;</li>
 *   <li>run the app with an {@link Http1Exchange} as the client side;</li>
 *   <li>end the response if the handlers left it open; keep the connection only when the
 *       response was complete, its framing honoured, the body settled and nobody asked to close.</li>
 * </ol>
 * A close with request bytes possibly still coming lingers: it reads and drops them (at most
 * {@link #LINGER}) so that the client's reset cannot destroy the answer it has not read yet.
 */
public final class Http1Connection implements ServerConnection {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");
    /** nginx lingers up to 30 s (lingering_time) with 5 s between reads; Go waits 500 ms after a half-close. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** Trailer fields of a chunked request body (Go counts them against its 1 MB header limit; 64 KiB is plenty). */
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    private final ConnectionContext ctx;
    private final Http1App app;
    private final ClientTimeouts timeouts;
    /** This connection's deadlines with the timeouts' sweep, from handle() to its end. */
    private ClientTimeouts.Slot deadlines;
    private final ClientSocket socket;
    private final ClientInput in;
    private final ClientOutput out;
    private volatile boolean idle = true;
    private volatile long idleSince = System.nanoTime();
    private volatile boolean closing;
    private Http1Limits parserLimits;
    private RequestHeadParser parser;

    Http1Connection(ConnectionContext ctx, Http1App app, ClientTimeouts timeouts) {
        this.ctx = ctx;
        this.app = app;
        this.timeouts = timeouts;
        this.socket = new ClientSocket(ctx);
        this.in = new ClientInput(socket::read, 4 * 1024);
        this.out = new ClientOutput(socket::write, 16 * 1024);
        socket.sniffedInto(in);
    }

    @Override
    public void handle(Limit limit) {
        deadlines = timeouts.opened(this);
        try {
            serve();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "connection from " + peer() + " ended: " + e);
        } finally {
            timeouts.closed(deadlines);
        }
    }

    private void serve() {
        // The first request's read_header_timeout runs from the accept, as Go's: a client that
        // connects and sends nothing is let go after it, not after idle_timeout.
        timeouts.headStarted(deadlines);
        boolean first = true;
        while (true) {
            idleSince = System.nanoTime();
            idle = true;
            if (closing || !awaitRequest()) {
                return;
            }
            idle = false;
            if (closing) {
                return;  // stopped between the wake-up and here: the request was never started
            }
            if (!first) {
                timeouts.headStarted(deadlines);  // the first request's deadline runs from the accept
            }
            first = false;
            RequestHead head;
            try {
                head = parser().parse(in);
            } catch (BadRequestException e) {
                refuse(e);
                return;
            } catch (IOException e) {
                return;  // the client left mid-head
            }
            if (head == null) {
                return;
            }
            timeouts.headRead(deadlines, head.hasBody());
            if (!exchange(head)) {
                return;
            }
            timeouts.done(deadlines);
        }
    }

    /** The head parser for the limits in force; made again only when a reload changed them. */
    private RequestHeadParser parser() {
        Http1Limits limits = app.limits();
        if (limits != parserLimits) {
            parserLimits = limits;
            parser = new RequestHeadParser(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), limits.maxHeaderCount());
        }
        return parser;
    }

    /** Blocks until a request's first byte is here; false at EOF (or when the socket was closed). */
    private boolean awaitRequest() {
        in.shrink();
        try {
            return in.buffered() > 0 || in.fill() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One request and response; true when the connection can serve another. */
    private boolean exchange(RequestHead head) {
        Http1Exchange x = new Http1Exchange(head, in, out, this, MAX_TRAILER_BYTES);
        try {
            app.serve(head, x, ctx);
            if (!x.committed()) {
                x.sendWhole(500, new HeaderList(0), new byte[0], 0, 0);  // a handler that wrote nothing at all
            }
            // A body the app left open is not ended here: the response is then unfinished
            // (x.ended() false) and the connection closes below.
        } catch (AbortConnection e) {
            LOG.log(Level.TRACE, () -> "connection from " + peer() + " aborted: " + e.getMessage());
            if (x.ended()) {
                closeAfterAnswer(x);  // the answer is whole (a 413, a 400): let the client read it
            }
            return false;
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.DEBUG, () -> "connection from " + peer() + ": writing the response failed: " + e.getMessage());
            return false;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "connection from " + peer() + ": " + head.method() + " " + head.target() + " failed", e);
            if (!x.committed()) {
                refuse(new BadRequestException(500, "internal error"));
            }
            return false;
        }
        if (x.bodyFinished()) {
            timeouts.bodyRead(deadlines);
        }
        if (!x.ended() || x.closesAfter() || closing) {
            closeAfterAnswer(x);
            return false;
        }
        return true;
    }

    /** Lingers when the client may still be sending (an unread body, pipelined requests). */
    private void closeAfterAnswer(Http1Exchange x) {
        if (!x.bodyFinished() || in.buffered() > 0) {
            linger();
        }
    }

    /**
     * Go's answer to a head it cannot take (server.go: "HTTP/1.1 400 Bad Request" with a
     * text/plain reason and Connection: close), then the connection ends.
     */
    private void refuse(BadRequestException e) {
        int status = e.status();
        String text = status + " " + StatusText.of(status);
        String reason = status == 505 || status == 500 ? text : text + ": " + e.getMessage();
        String response = "HTTP/1.1 " + text + "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + "Content-Length: " + reason.length() + "\r\n\r\n" + reason;
        try {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        } catch (IOException ignored) {
            return;  // the client is gone
        }
        linger();
    }

    /**
     * Half-closes (the client sees the end of the answer at once), then reads and drops what
     * the client still sends until it closes, at most LINGER.
     */
    private void linger() {
        if (!socket.halfClose()) {
            return;
        }
        timeouts.linger(deadlines, LINGER.toNanos());
        try {
            while (in.skip(Long.MAX_VALUE) >= 0) {
                // dropped
            }
        } catch (IOException ignored) {
            // reset, or the deadline closed the socket
        }
    }

    /** Hands the connection to an upgraded protocol: buffered bytes first, then the socket. */
    Takeover takeover() {
        timeouts.done(deadlines);
        byte[] early = in.release();
        try {
            out.release();
        } catch (IOException e) {
            closeSocket();  // the client is gone: the tunnel's first read or write says so
        }
        InputStream raw = socket.inputStream();
        InputStream upgraded = early.length == 0 ? raw : new SequenceInputStream(new ByteArrayInputStream(early), raw);
        return new Takeover(upgraded, socket.outputStream(), socket::close);
    }

    /** The request body was read to its end: read_timeout no longer applies. */
    void bodyRead() {
        timeouts.bodyRead(deadlines);
    }

    /** The server is stopping: an idle connection ends now, a busy one after its response. */
    boolean closing() {
        return closing;
    }

    String peer() {
        return socket.peer();
    }

    /** Whether response files can go to the socket with sendfile (a plain socket with its channel). */
    boolean canTransferFiles() {
        return socket.hasChannel();
    }

    /** The written head must be flushed first; the bytes bypass the output buffer. */
    boolean transferFile(java.nio.channels.FileChannel file, long position, long count) throws java.io.IOException {
        return socket.transferFile(file, position, count);
    }

    void closeSocket() {
        socket.close();
    }

    @Override
    public Duration idleTime() {
        return idle ? Duration.ofNanos(System.nanoTime() - idleSince) : Duration.ZERO;
    }

    /**
     * Helidon's idle sweep and stop call this with {@code false} (end when idle, else after the
     * response in progress), and at the end of the grace period with {@code true} (end now).
     */
    @Override
    public void close(boolean interrupt) {
        closing = true;
        if (interrupt || idle) {
            closeSocket();
        }
    }

    dev.heddle.http.TlsInfo tls() {
        return socket.tls();
    }
}
