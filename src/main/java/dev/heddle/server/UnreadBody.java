package dev.heddle.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.media.ReadableEntity;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body the handler left unread when the response head goes out must never be parsed
 * as the next request. Go's rule (net/http server.go, chunkWriter.writeHeader), which Caddy
 * inherits: after an unanswered {@code Expect: 100-continue} the connection closes (the client
 * may or may not send the body); otherwise up to 256 KiB of the rest is discarded, and the
 * connection closes when more is left or the body is broken. Helidon 4.5.0 drains without a
 * bound, and after an unanswered Expect drains nothing and parses the body as a request.
 */
final class UnreadBody {
    /** Go's maxPostHandlerReadBytes. */
    static final int DISCARD_LIMIT = 256 * 1024;

    private UnreadBody() {
    }

    /** What the connection does after the response. */
    enum Outcome {
        /** The body was read or discarded: the connection may serve the next request. */
        KEEP,
        /** An unanswered Expect: 100-continue: close right after the response. */
        CLOSE,
        /** More body than the discard limit: close once the client has sent it (bounded by LINGER). */
        DRAIN_THEN_CLOSE
    }

    /** How long a client may keep sending a body nobody reads after its answer (nginx lingers up to 30 s). */
    static final java.time.Duration LINGER = java.time.Duration.ofSeconds(5);

    /**
     * Settles the body just before the head is written; a {@code Connection: close} is added
     * to the response unless the connection stays usable.
     */
    static Outcome settle(ServerRequest req, ServerResponse res) {
        Outcome o = outcome(req);
        if (o != Outcome.KEEP) {
            res.headers().set(HeaderValues.CONNECTION_CLOSE);
        }
        return o;
    }

    private static Outcome outcome(ServerRequest req) {
        ReadableEntity content = req.content();
        if (!content.hasEntity() || content.consumed()) {
            return Outcome.KEEP;
        }
        if (expectsContinue(req) && !req.continueSent()) {
            return Outcome.CLOSE;  // reading now would send the 100 Continue after a final answer
        }
        try {
            return discard(content.inputStream(), DISCARD_LIMIT + 1) > DISCARD_LIMIT ? Outcome.DRAIN_THEN_CLOSE : Outcome.KEEP;
        } catch (IOException | RuntimeException e) {
            // read half-way already, broken framing (Helidon refusing a chunk), or the client went away
            return Outcome.CLOSE;
        }
    }

    /**
     * After the answer went out: reads what is left of the body (bounded by LINGER), so that a
     * client still sending it gets no reset that could destroy the answer before it is read.
     */
    static void drain(ServerRequest req, Runnable close) {
        var timer = java.util.concurrent.CompletableFuture.runAsync(close,
                java.util.concurrent.CompletableFuture.delayedExecutor(LINGER.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        try {
            discard(req.content().inputStream(), Long.MAX_VALUE);
        } catch (IOException | RuntimeException ignored) {
            // the client went away or the deadline closed the socket: either way, done
        } finally {
            timer.cancel(false);
        }
    }

    /** Reads and drops up to {@code max} bytes; the count read. */
    private static long discard(InputStream in, long max) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while (total < max && (n = in.read(buf, 0, (int) Math.min(buf.length, max - total))) >= 0) {
            total += n;
        }
        return total;
    }

    /**
     * Whether the request declares a body, from its headers alone: asking Helidon for the
     * entity this early would fix its stream before request_body can filter it.
     */
    static boolean declared(ServerRequest req) {
        return req.headers().contains(HeaderNames.TRANSFER_ENCODING) || req.headers().contentLength().orElse(0) > 0;
    }

    static boolean expectsContinue(ServerRequest req) {
        for (String v : req.headers().values(HeaderNames.EXPECT)) {
            if (v.trim().equalsIgnoreCase("100-continue")) {
                return true;
            }
        }
        return false;
    }
}
