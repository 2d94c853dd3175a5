package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.ResponseHeaderOps;
import dev.heddle.transport.UpstreamResponse;

/**
 * An upstream response that handle_response routes may use: {@code copy_response} relays it,
 * {@code copy_response_headers} takes its headers. If the routes use neither, it is closed.
 */
final class PendingResponse {
    /** Request variable under which handle_response routes find it. */
    static final String VAR = "heddle.proxy.pending_response";

    final UpstreamResponse response;
    private final String upstream;
    private final Buffering buffering;
    private boolean copied;

    PendingResponse(UpstreamResponse response, String upstream, Buffering buffering) {
        this.response = response;
        this.upstream = upstream;
        this.buffering = buffering;
    }

    static PendingResponse of(Exchange ex, String handler) throws HandlerException {
        if (ex.var(VAR) instanceof PendingResponse p) {
            return p;
        }
        throw new HandlerException(500, handler + " can only be used inside reverse_proxy's handle_response routes");
    }

    /** Relays the response (headers and body), with {@code status} when positive. */
    void copy(Exchange ex, int status) throws HandlerException {
        copied = true;
        ResponseRelay.relay(ex, response, upstream, null, buffering, ResponseHeaderOps.NONE, status);
    }

    /** Not relayed: its connection cannot be reused with an unread body. */
    void discard() {
        if (!copied) {
            response.close();
        }
    }
}
