package dev.heddle.proxy;

import dev.heddle.config.CopyResponseConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.Template;

/** Caddy's {@code copy_response}: sends the upstream's response from inside handle_response routes. */
public final class CopyResponseHandler implements Handler {
    private final Template status;

    public CopyResponseHandler(CopyResponseConfig config) {
        this.status = config.statusCode().isEmpty() ? null : Template.compile(config.statusCode());
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        PendingResponse pending = PendingResponse.of(ex, "copy_response");
        int code = 0;
        if (status != null) {
            try {
                code = Integer.parseInt(status.render(ex, Template.Unknown.EMPTY).trim());
            } catch (NumberFormatException e) {
                throw new HandlerException(500, "copy_response: status is not a number");
            }
        }
        pending.copy(ex, code);
    }
}
