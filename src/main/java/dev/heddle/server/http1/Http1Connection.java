package dev.heddle.server.http1;

import dev.heddle.http.AbortConnection;
import dev.heddle.http.StatusText;
import dev.heddle.http.Takeover;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
    /** Trailer fields of a chunked request body: Go's 1 MB header limit applies to them as well. */
    private static final int MAX_TRAILER_BYTES = 64 * 1024;

    private final ConnectionContext ctx;
    private final Http1App app;
    private final ClientTimeouts timeouts;
    private final DataReader reader;
    /** The plain socket, read and written directly; null under TLS (Helidon's reader and writer then). */
    private final java.net.Socket socket;
    private final InputStream socketIn;
    private final OutputStream socketOut;
    private final ClientInput in;
    private final ClientOutput out;
    private volatile boolean idle = true;
    private volatile long idleSince = System.nanoTime();
    private volatile boolean closing;

    Http1Connection(ConnectionContext ctx, Http1App app, ClientTimeouts timeouts) {
        this.ctx = ctx;
        this.app = app;
        this.timeouts = timeouts;
        this.reader = ctx.dataReader();
        this.socket = RawSocket.of(ctx.serverSocket());
        this.in = new ClientInput(this::read, 4 * 1024);
        this.out = new ClientOutput(this::write, 16 * 1024);
        InputStream sin = null;
        OutputStream sout = null;
        if (socket != null) {
            try {
                sin = socket.getInputStream();
                sout = socket.getOutputStream();
                int sniffed = reader.available();  // what Helidon read to choose this connection
                if (sniffed > 0) {
                    in.preload(reader.readBytes(sniffed), 0, sniffed);
                }
            } catch (IOException e) {
                closeSocket();
            }
        }
        this.socketIn = sin;
        this.socketOut = sout;
    }

    @Override
    public void handle(Limit limit) {
        try {
            serve();
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "connection from " + peer() + " ended: " + e);
        } finally {
            timeouts.done(this);
        }
    }

    private void serve() {
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
            timeouts.headStarted(this);
            RequestHead head;
            Http1Limits limits = app.limits();
            try {
                head = new RequestHeadParser(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), limits.maxHeaderCount()).parse(in);
            } catch (BadRequestException e) {
                refuse(e);
                return;
            } catch (IOException e) {
                return;  // the client left mid-head
            }
            if (head == null) {
                return;
            }
            timeouts.headRead(this);
            if (!exchange(head, limits)) {
                return;
            }
            timeouts.done(this);
        }
    }

    /** Blocks until a request's first byte is here; false at EOF (or when the socket was closed). */
    private boolean awaitRequest() {
        try {
            return in.buffered() > 0 || in.fill() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** One request and response; true when the connection can serve another. */
    private boolean exchange(RequestHead head, Http1Limits limits) {
        Http1Exchange x = new Http1Exchange(head, in, out, this, MAX_TRAILER_BYTES);
        try {
            app.serve(head, x, ctx);
            if (!x.committed()) {
                x.sendWhole(500, new dev.heddle.http.HeaderList(0), new byte[0], 0, 0);  // a handler that wrote nothing at all
            }
            x.endBody(new dev.heddle.http.HeaderList(0));
        } catch (AbortConnection e) {
            LOG.log(Level.TRACE, () -> "connection from " + peer() + " aborted: " + e.getMessage());
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
            timeouts.bodyRead(this);
        }
        if (!x.ended() || x.closesAfter() || closing) {
            if (!x.bodyFinished() || in.buffered() > 0) {
                linger();
            }
            return false;
        }
        return true;
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
        if (socket != null) {
            try {
                socket.shutdownOutput();
            } catch (IOException e) {
                return;  // already gone
            }
        }
        timeouts.linger(this, LINGER.toNanos());
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
        timeouts.done(this);
        byte[] early = in.release();
        try {
            out.release();
        } catch (IOException e) {
            closeSocket();  // the client is gone: the tunnel's first read or write says so
        }
        InputStream raw = new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return Http1Connection.this.read(b, off, len);
            }
        };
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                Http1Connection.this.write(b, off, len);
            }
        };
        InputStream upgraded = early.length == 0 ? raw : new SequenceInputStream(new ByteArrayInputStream(early), raw);
        return new Takeover(upgraded, sink, this::closeSocket);
    }

    /** The socket as a {@link ClientInput.Source}: Helidon's reader holds the bytes it read to pick this connection. */
    private int read(byte[] b, int off, int len) throws IOException {
        if (socketIn != null) {
            return socketIn.read(b, off, len);
        }
        try {
            if (reader.available() == 0) {
                reader.pullData();
            }
            int n = Math.min(len, reader.available());
            reader.readBuffer(n).read(b, off, n);
            return n;
        } catch (DataReader.InsufficientDataAvailableException e) {
            return -1;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("reading from the client failed: " + e, e);
        }
    }

    private void write(byte[] b, int off, int len) throws IOException {
        if (socketOut != null) {
            socketOut.write(b, off, len);
            return;
        }
        try {
            ctx.dataWriter().writeNow(BufferData.create(b, off, len));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (RuntimeException e) {
            throw new IOException("writing to the client failed: " + e, e);
        }
    }

    /** The request body was read to its end: read_timeout no longer applies. */
    void bodyRead() {
        timeouts.bodyRead(this);
    }

    /** The server is stopping: an idle connection ends now, a busy one after its response. */
    boolean closing() {
        return closing;
    }

    String peer() {
        return String.valueOf(ctx.remotePeer().address());
    }

    void closeSocket() {
        try {
            ctx.serverSocket().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
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
}
