package dev.heddle.handlers;

import dev.heddle.config.ErrorHandlerConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.Template;

/**
 * Caddy's {@code error} handler (staticerror.go): writes nothing and fails the request with
 * its status and message, so that the server's {@code errors.routes} run with
 * {@code {http.error.*}}. The message keeps unknown placeholders as written (ReplaceKnown); a
 * status that does not expand to a number is itself a 500.
 */
public final class ErrorHandler implements Handler {
    private final Template message;
    private final Template status;

    public ErrorHandler(ErrorHandlerConfig config) {
        this.message = Template.compile(config.message());
        this.status = config.statusCode().isEmpty() ? null : Template.compile(config.statusCode());
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        String text = message.render(ex, Template.Unknown.KEEP);
        if (status == null) {
            throw new HandlerException(500, text);
        }
        String code = status.render(ex, Template.Unknown.EMPTY).trim();
        int parsed;
        try {
            parsed = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new HandlerException(500, "error: status \"" + code + "\" is not a number");
        }
        if (parsed < 100 || parsed > 999) {
            throw new HandlerException(500, "error: status " + parsed + " is not an HTTP status");
        }
        throw new HandlerException(parsed, text);
    }
}
