package dev.heddle.server.http2;

import dev.heddle.http.AbortConnection;
import dev.heddle.http.HeaderList;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2StreamState;
import io.helidon.http.http2.Http2WindowUpdate;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http2.spi.Http2SubProtocolSelector;

import java.lang.System.Logger.Level;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 stream served by Heddle, under Helidon's connection (through its sub-protocol SPI,
 * which hands a stream's frames to its handler on the stream's own virtual thread).
 *
 * <p>Threads: Helidon's stream thread calls {@link #init()} and then {@link #data} for each
 * DATA frame, and keeps the stream alive until {@link #streamState()} says CLOSED. A request
 * whose body is complete before the stream starts (every GET, and small POSTs) runs on that
 * thread, inside the first {@code data} call; a request whose body is still coming runs on a
 * virtual thread of its own while Helidon's thread feeds the body to it, and Helidon's thread
 * waits for it at the body's end, so the stream closes only when both sides have.
 *
 * <p>A client's RST_STREAM fails the body and every later write, and interrupts the thread
 * running the exchange: an upstream read it is blocked in ends at once (a virtual thread's
 * socket read is interruptible), so the upstream attempt is cancelled.
 */
final class ClientStream implements Http2SubProtocolSelector.SubProtocolHandler {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");

    private final ConnectionContext ctx;
    private final Http2App app;
    private final Http2Request request;
    private final StreamExchange exchange;
    private final int streamId;
    private final ReentrantLock lock = new ReentrantLock();
    /** The client sent END_STREAM (or the stream was reset). */
    private volatile boolean remoteClosed;
    /** The response ended (or the stream was reset). */
    private volatile boolean localClosed;
    private boolean started;
    /** The thread running the exchange while it runs; guarded by {@link #lock}. */
    private Thread running;
    private Thread worker;

    ClientStream(ConnectionContext ctx, Http2App app, Http2Request request, StreamExchange exchange, int streamId,
                 Http2StreamState initialState) {
        this.ctx = ctx;
        this.app = app;
        this.request = request;
        this.exchange = exchange;
        this.streamId = streamId;
        // HALF_CLOSED_REMOTE: END_STREAM is already queued (with any body before it): the first
        // data call brings it. OPEN: the body is still coming, and the client may wait for our
        // head (or a 100 Continue) before sending it, so the exchange starts now.
        this.started = initialState != Http2StreamState.HALF_CLOSED_REMOTE;
    }

    @Override
    public void init() {
        if (started) {
            startWorker();
        }
    }

    /** The body is still coming: the exchange runs on a thread of its own while this one feeds it. */
    private void startWorker() {
        exchange.bodyComing();
        worker = Thread.ofVirtual().name("heddle-h2-" + streamId).start(this::runExchange);
    }

    @Override
    public Http2StreamState streamState() {
        if (remoteClosed && localClosed) {
            return Http2StreamState.CLOSED;
        }
        if (localClosed) {
            return Http2StreamState.HALF_CLOSED_LOCAL;
        }
        return remoteClosed ? Http2StreamState.HALF_CLOSED_REMOTE : Http2StreamState.OPEN;
    }

    @Override
    public void data(Http2FrameHeader header, BufferData data) {
        boolean end = header.flags(Http2FrameTypes.DATA).endOfStream();
        try {
            if (!started) {
                started = true;
                if (end) {
                    // The whole body (often none) arrived before the stream started: serve it on this thread.
                    if (data.available() > 0) {
                        exchange.bodyComing();
                        exchange.body().offer(data);
                    }
                    endOfBody();
                    runExchange();
                    return;
                }
                startWorker();
            }
            if (data.available() > 0) {
                exchange.body().offer(data);
            }
            if (end) {
                endOfBody();
                worker.join();  // the stream closes when the response has ended too
            }
        } catch (InterruptedException e) {
            // Helidon is closing the connection: the exchange ends with it.
            cancel("the connection is closing");
            Thread.currentThread().interrupt();
        }
    }

    private void endOfBody() {
        exchange.body().end();
        remoteClosed = true;
    }

    @Override
    public void rstStream(Http2RstStream rst) {
        cancel("the client reset the stream (" + rst.errorCode() + ")");
    }

    /** Flow control is Helidon's: it applies WINDOW_UPDATE to the stream's window itself. */
    @Override
    public void windowUpdate(Http2WindowUpdate update) {
    }

    private void cancel(String why) {
        exchange.reset(why);
        remoteClosed = true;
        localClosed = true;
        lock.lock();
        try {
            if (running != null) {
                running.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    private void runExchange() {
        lock.lock();
        try {
            if (localClosed) {
                return;  // reset before it started
            }
            running = Thread.currentThread();
        } finally {
            lock.unlock();
        }
        try {
            if (request.problem() != null) {
                exchange.sendWhole(400, new HeaderList(0), new byte[0], 0, 0);
            } else {
                app.serve(request, exchange, ctx);
            }
            if (!exchange.ended()) {
                exchange.sendReset(Http2ErrorCode.INTERNAL);
            }
        } catch (AbortConnection e) {
            // Go's http2 answers an aborted handler with RST_STREAM INTERNAL_ERROR; siblings go on.
            exchange.sendReset(Http2ErrorCode.INTERNAL);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "HTTP/2 stream " + streamId + " from " + ctx.remotePeer() + " failed: " + e);
            exchange.sendReset(Http2ErrorCode.INTERNAL);
        } finally {
            lock.lock();
            try {
                running = null;
                Thread.interrupted();  // a reset that came while it ran must not leak into Helidon's loop
            } finally {
                lock.unlock();
            }
            exchange.body().close();
            localClosed = true;
        }
    }
}
