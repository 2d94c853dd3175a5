package dev.heddle.handlers;

import dev.heddle.config.RewriteConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.Rewrite;

/** Caddy's {@code rewrite} handler: changes the request the next handlers see (internally). */
public final class RewriteHandler implements Handler {
    private final Rewrite rewrite;

    public RewriteHandler(RewriteConfig config) {
        this.rewrite = new Rewrite(config);
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        Rewrite.Result r = rewrite.apply(ex);
        ex.rewrite(r.method(), r.rawPath(), r.rawQuery());
        next.run(ex);
    }
}
