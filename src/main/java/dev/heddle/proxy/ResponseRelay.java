package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.HeaderList;
import dev.heddle.http.ResponseHeaderOps;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.http.AbortConnection;
import dev.heddle.http.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends an upstream response to the client: status, end-to-end headers, then the body through
 * the {@link CopyLoop}. After headers are out, an upstream read error aborts the client
 * connection (the client must see a truncated response, never a clean short one), and a client
 * write error closes the upstream connection and is logged at debug level only.
 */
final class ResponseRelay {
    private static final System.Logger LOG = System.getLogger("dev.heddle.proxy");
    /** Bodies up to this size go out with their head in one write (DESIGN.md §11.5). */
    private static final int SMALL_BODY = 16 * 1024;
    /** Body copy buffer: at 128 KiB a 1 MiB body takes few syscalls (64 KiB measured at half the throughput). */
    static final int BUFFER_SIZE = 128 * 1024;

    private ResponseRelay() {
    }

    /** An early answer (body never sent) is sent whole so the connection can be closed after it. */
    private static final int EARLY_ANSWER_LIMIT = 4 << 20;

    /**
     * @param upgrade       the upgrade the client asked for, or null
     * @param buffering flush_interval and response_buffers
     */
    static void relay(Exchange ex, UpstreamResponse up, String upstream, Upgrade upgrade, Buffering buffering,
                      ResponseHeaderOps ops) throws HandlerException {
        relay(ex, up, upstream, upgrade, buffering, ops, 0);
    }

    /** @param statusOverride the status to send instead of the upstream's (handle_response), or 0 */
    static void relay(Exchange ex, UpstreamResponse up, String upstream, Upgrade upgrade, Buffering buffering,
                      ResponseHeaderOps ops, int statusOverride) throws HandlerException {
        if (up.status() == 101) {
            if (upgrade == null) {
                up.abandon();
                throw new HandlerException(502, "upstream " + upstream + " switched protocols without being asked to");
            }
            Tunnel.run(ex, up, upstream, upgrade.type(), upgrade.tunnels(), upgrade.timeout(), upgrade.bufferSize());
        }
        Response res = ex.response();
        int status = statusOverride > 0 ? statusOverride : up.status();
        res.status(status);
        copyHeaders(up, res.headers(), ops, ex);
        ex.loggedStatus(status);
        long length = up.contentLength();
        if (length == 0 || bodyless(ex.method(), up.status())) {
            sendWithoutBody(res, up, ex.method());
            up.close();
            return;
        }
        if (!up.requestBodySent()) {
            earlyAnswer(ex, up, upstream);
            return;
        }
        CopyLoop.FlushPolicy flush = flushPolicy(up, length, buffering.flushInterval());
        // Head and a small body in one write, unless the body must reach the client as it comes.
        if (length > 0 && length <= SMALL_BODY && flush == CopyLoop.FlushPolicy.BUFFERED) {
            sendSmall(ex, up, (int) length, upstream, buffering.responseBuffers() != 0);
            return;
        }
        InputStream body = up.body();
        if (buffering.responseBuffers() != 0 && !isEventStream(up)) {
            ReadAhead ahead = readAhead(ex, up, buffering.responseBuffers(), upstream);
            if (ahead.whole()) {
                up.close();  // the upstream connection is free before the client has a byte
                sendBuffered(ex, ahead.bytes(), upstream);
                return;
            }
            body = new SequenceInputStream(new ByteArrayInputStream(ahead.bytes()), body);
        }
        if (length > 0) {
            res.contentLength(length);
        }
        boolean trailers = announceTrailers(ex, up, res);
        stream(ex, up, body, upstream, flush, trailers);
    }

    /** Bytes read ahead of sending; {@code whole} when they are the entire body. */
    private record ReadAhead(byte[] bytes, boolean whole) {
    }

    /**
     * response_buffers: up to {@code limit} bytes (-1: all, within an array's reach) before the
     * client sees anything. A body that fits goes out with a Content-Length, as in Caddy.
     */
    private static ReadAhead readAhead(Exchange ex, UpstreamResponse up, long limit, String upstream) throws HandlerException {
        int max = (int) Math.min(limit < 0 ? Long.MAX_VALUE : limit, Integer.MAX_VALUE - 16);
        try {
            // One byte past the limit tells whether the body ended within it.
            byte[] bytes = up.body().readNBytes(max + 1);
            return new ReadAhead(bytes, bytes.length <= max);
        } catch (IOException e) {
            throw heldBackBodyFailed(ex, up, upstream, e);
        }
    }

    /**
     * A body held back (read whole before the client sees anything) broke: a 502 that carries
     * none of the upstream's headers (they were copied already), one passive failure.
     */
    private static UpstreamBodyError heldBackBodyFailed(Exchange ex, UpstreamResponse up, String upstream, IOException e) {
        up.abandon();
        ex.response().headers().lines().clear();
        LOG.log(Level.ERROR, "upstream " + upstream + ": reading the response body failed: " + e.getMessage());
        return new UpstreamBodyError("reading the response body from " + upstream + " failed", e);
    }

    /**
     * Trailers pass through when the client asked for them (TE: trailers) and the upstream
     * declared them (Trailer, a hop-by-hop field re-announced here). Undeclared trailer fields
     * are dropped.
     */
    private static boolean announceTrailers(Exchange ex, UpstreamResponse up, Response res) {
        if (!up.chunked() || !HopByHop.wantsTrailers(ex.headers())) {
            return false;
        }
        List<String> declared = new ArrayList<>();
        for (HeaderField h : up.headers()) {
            if (h.name().equalsIgnoreCase("Trailer")) {
                declared.add(h.value());
            }
        }
        if (declared.isEmpty()) {
            return false;
        }
        res.headers().set("Trailer", String.join(", ", declared));
        return true;
    }

    /** Caddy's rules (reverseproxy.go, flushInterval): SSE and unknown lengths flush at once. */
    private static CopyLoop.FlushPolicy flushPolicy(UpstreamResponse up, long length, long flushInterval) {
        if (flushInterval < 0 || length < 0 || isEventStream(up)) {
            return CopyLoop.FlushPolicy.EVERY_WRITE;
        }
        return flushInterval == 0 ? CopyLoop.FlushPolicy.BUFFERED : new CopyLoop.FlushPolicy(flushInterval);
    }

    /**
     * The upstream answered before taking the request body: the client's body is unread, so
     * after this answer the connection closes (its rest must never be read as a request). The
     * answer goes out whole first.
     */
    private static void earlyAnswer(Exchange ex, UpstreamResponse up, String upstream) throws HandlerException {
        byte[] body;
        try {
            body = up.body().readNBytes(EARLY_ANSWER_LIMIT + 1);
        } catch (IOException e) {
            throw heldBackBodyFailed(ex, up, upstream, e);
        }
        up.close();
        if (body.length > EARLY_ANSWER_LIMIT) {
            throw new HandlerException(502, "upstream " + upstream + " answered before the request body with more than "
                    + EARLY_ANSWER_LIMIT + " bytes");
        }
        ex.client().closeAfter();
        try {
            ex.response().send(body);
        } catch (RuntimeException e) {
            clientGone(ex, upstream, e);
        }
    }

    /** @param heldBack response_buffers is set: a body that breaks is a 502, as when read ahead */
    private static void sendSmall(Exchange ex, UpstreamResponse up, int length, String upstream, boolean heldBack)
            throws HandlerException {
        byte[] body = new byte[length];
        int off = 0;
        try {
            InputStream in = up.body();
            while (off < length) {
                int n = in.read(body, off, length - off);
                if (n < 0) {
                    throw new IOException("upstream closed after " + off + " of " + length + " body bytes");
                }
                off += n;
            }
        } catch (IOException e) {
            if (heldBack) {
                throw heldBackBodyFailed(ex, up, upstream, e);
            }
            up.abandon();
            LOG.log(Level.ERROR, "upstream " + upstream + ": reading the response body failed after " + off
                    + " bytes; aborting the client connection: " + e.getMessage());
            sendShort(ex, body, off, length, upstream);
        }
        up.close();
        try {
            ex.response().send(body);
        } catch (RuntimeException e) {
            clientGone(ex, upstream, e);  // the upstream connection was already released
        }
    }

    /**
     * As Caddy: the head with the declared length and every byte that came, then the cut, so
     * the client sees a short body (never an empty reply, never a 502 with the upstream's head).
     */
    private static void sendShort(Exchange ex, byte[] body, int got, long declared, String upstream) {
        ex.response().contentLength(declared);
        try {
            OutputStream out = ex.responseStream();
            out.write(body, 0, got);
            out.flush();
        } catch (IOException | RuntimeException e) {
            clientGone(ex, upstream, e);
        }
        throw new UpstreamAbort("upstream read error");
    }

    /** A whole body read ahead: one write with its Content-Length. */
    private static void sendBuffered(Exchange ex, byte[] body, String upstream) {
        try {
            ex.response().send(body);
        } catch (RuntimeException e) {
            clientGone(ex, upstream, e);  // the upstream connection was already released
        }
    }

    private static void stream(Exchange ex, UpstreamResponse up, InputStream body, String upstream,
                               CopyLoop.FlushPolicy flush, boolean trailers) {
        CopyLoop.Result result;
        OutputStream out = null;
        try {
            out = ex.responseStream();
            result = CopyLoop.copy(body, out, new byte[BUFFER_SIZE], flush);
            if (result.ok()) {
                if (trailers) {
                    for (HeaderField t : up.trailers()) {
                        ex.response().trailers().add(t.name(), t.value());
                    }
                }
                out.close();
            }
        } catch (RuntimeException | IOException e) {
            result = new CopyLoop.Result(0, CopyLoop.Outcome.WRITE_ERROR, e);
        }
        switch (result.outcome()) {
            case EOF -> up.close();
            case READ_ERROR -> {
                up.abandon();
                LOG.log(Level.ERROR, "upstream " + upstream + ": reading the response body failed after "
                        + result.bytes() + " bytes; aborting the client connection: " + result.failure().getMessage());
                flushQuietly(out);  // the head and the bytes that came reach the client before the cut
                throw new UpstreamAbort("upstream read error");
            }
            case WRITE_ERROR -> {
                up.abandon();
                clientGone(ex, upstream, result.failure());
            }
        }
    }

    private static void flushQuietly(OutputStream out) {
        try {
            out.flush();
        } catch (IOException | RuntimeException ignored) {
            // the client is gone too: the cut follows either way
        }
    }

    private static void clientGone(Exchange ex, String upstream, Exception failure) {
        LOG.log(Level.DEBUG, () -> "client write error: the client went away while receiving the response from "
                + upstream + ": " + failure);
        ex.clientError("client write error: " + failure.getMessage());
        // Nothing of the body reached the client: it left before the response (nginx's and Caddy's 499).
        if (ex.bodyBytesSent() == 0) {
            ex.loggedStatus(ProxyErrors.CLIENT_CLOSED);
        }
        throw new AbortConnection("client write error");
    }

    private static void sendWithoutBody(Response res, UpstreamResponse up, String method) {
        // A HEAD answer keeps the length the GET would have had (or none, when it had none).
        String length = up.header("Content-Length");
        if (method.equals("HEAD") && length != null && length.matches("\\d{1,18}")) {
            res.header("Content-Length", length);
        }
        res.send();
    }

    /** End-to-end headers to the client; the handler's response ops (if any) edit them on the way. */
    private static void copyHeaders(UpstreamResponse up, HeaderList out, ResponseHeaderOps ops, Exchange ex) {
        HeaderList edited = ops.isEmpty() ? null : new HeaderList(up.headers().size());
        for (HeaderField h : HopByHop.endToEnd(up.headers())) {
            if (edited != null) {
                edited.add(h.name(), h.value());
            } else {
                out.add(h.name(), h.value());
            }
        }
        if (edited != null) {
            ops.apply(up.status(), edited, ex);
            edited.lines().forEach(l -> out.add(l.name(), l.value()));
        }
    }

    private static boolean bodyless(String method, int status) {
        return method.equals("HEAD") || status == 204 || status == 304 || status < 200;
    }

    private static boolean isEventStream(UpstreamResponse up) {
        String type = up.header("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
    }
}
