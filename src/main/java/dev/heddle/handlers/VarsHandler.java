package dev.heddle.handlers;

import dev.heddle.config.VarsConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.Template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code vars} handler (vars.go): sets request variables for later handlers and
 * matchers ({@code {http.vars.NAME}}, the {@code vars} matchers). Keys and string values have
 * their placeholders expanded per request (unknown ones become empty); numbers and booleans
 * are stored as they are.
 */
public final class VarsHandler implements Handler {
    private record Var(Template name, Template text, Object value) {
    }

    private final List<Var> vars;

    public VarsHandler(VarsConfig config) {
        List<Var> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : config.vars().entrySet()) {
            Object v = e.getValue();
            out.add(new Var(Template.compile(e.getKey()), v instanceof String s ? Template.compile(s) : null, v));
        }
        this.vars = List.copyOf(out);
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        for (Var v : vars) {
            ex.setVar(v.name().render(ex, Template.Unknown.EMPTY), v.text() != null ? v.text().render(ex, Template.Unknown.EMPTY) : v.value());
        }
        next.run(ex);
    }
}
