package dev.heddle.handlers;

import dev.heddle.config.StaticResponseConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Handler;
import dev.heddle.http.Next;
import dev.heddle.http.Template;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;

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
        this.status = Template.compile(config.statusCode().isEmpty() ? "200" : config.statusCode());
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
            throw new CloseConnectionException("static_response abort");
        }
        int code = statusCode(ex);
        ServerResponse res = ex.response();
        res.status(Status.create(code));
        for (HeaderTemplate h : headers) {
            String[] values = h.values().stream().map(t -> t.render(ex, Template.Unknown.EMPTY)).toArray(String[]::new);
            res.header(h.name(), values);
        }
        if (close) {
            res.header(HeaderNames.CONNECTION, "close");
        }
        ex.loggedStatus(code);
        byte[] bytes = body.render(ex, Template.Unknown.KEEP).getBytes(StandardCharsets.UTF_8);
        ex.countBodyBytesSent(bytes.length);
        res.send(bytes);
    }

    private int statusCode(Exchange ex) throws HandlerException {
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
