package dev.heddle.handlers;

import dev.heddle.config.HeadersHandlerConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.HeaderOps;
import dev.heddle.http.Next;
import dev.heddle.http.ResponseHeaderOps;

/**
 * Caddy's {@code headers} handler: request ops change the request the next handlers see;
 * response ops apply at once, or (deferred, or with a {@code require}) just before the
 * response is written, when its status is known.
 */
public final class HeadersHandler implements Handler {
    private final HeaderOps request;
    private final ResponseHeaderOps response;

    public HeadersHandler(HeadersHandlerConfig config) {
        this.request = new HeaderOps(config.request());
        this.response = new ResponseHeaderOps(config.response());
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        if (!request.isEmpty()) {
            request.apply(ex.writableHeaders(), ex);
        }
        if (!response.isEmpty() && ex.response() != null) {
            var out = ex.response().headers();
            if (response.deferred()) {
                ex.response().beforeSend(() -> response.apply(ex.response().status(), out, ex));
            } else {
                response.apply(200, out, ex);
            }
        }
        next.run(ex);
    }
}
