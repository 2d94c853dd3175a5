package dev.heddle.handlers;

import dev.heddle.config.StaticResponseConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Handler;
import dev.heddle.http.Next;
import dev.heddle.http.Template;
import dev.heddle.http.AbortConnection;
import dev.heddle.http.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code static_response}: a fixed status, headers and body (placeholders allowed).
 * Unknown placeholders stay as written in the body and become empty in headers and status,
 * as in Caddy.
 */
public final class StaticResponseHandler implements Handler {
    private record HeaderTemplate(String name, List<Template> values) {
    }

    private final Template status;
    private final List<HeaderTemplate> headers;
    private final Template body;
    private final boolean close;
    private final boolean abort;

    public StaticResponseHandler(StaticResponseConfig config) {
        this.status = config.statusCode().isEmpty() ? null : Template.compile(config.statusCode());
        List<HeaderTemplate> hs = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : config.headers().entrySet()) {
            hs.add(new HeaderTemplate(e.getKey(), e.getValue().stream().map(Template::compile).toList()));
        }
        this.headers = List.copyOf(hs);
        this.body = Template.compile(config.body());
        this.close = config.close();
        this.abort = config.abort();
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        if (abort) {
            throw new AbortConnection("static_response abort");
        }
        int code = statusCode(ex);
        Response res = ex.response();
        res.status(code);
        for (HeaderTemplate h : headers) {
            res.headers().remove(h.name());
            for (Template t : h.values()) {
                res.headers().add(h.name(), t.render(ex, Template.Unknown.EMPTY));
            }
        }
        if (close) {
            ex.client().closeAfter();  // the connection says Connection: close itself
        }
        String text = body.render(ex, Template.Unknown.KEEP);
        if (!text.isEmpty() && res.headers().first("Content-Type") == null) {
            res.headers().set("Content-Type", ImplicitContentType.of(text));
        }
        ex.loggedStatus(code);
        res.send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The configured status; without one 200, or inside error routes the error's (staticresp.go). */
    private int statusCode(Exchange ex) throws HandlerException {
        if (status == null) {
            return ex.error() != null ? ex.error().status() : 200;
        }
        String text = status.render(ex, Template.Unknown.EMPTY);
        try {
            int code = Integer.parseInt(text.trim());
            if (code >= 100 && code <= 999) {
                return code;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new HandlerException(500, "static_response: status \"" + text + "\" is not a valid HTTP status");
    }
}
