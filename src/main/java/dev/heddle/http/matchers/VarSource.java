package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.Template;

/**
 * What a {@code vars} or {@code vars_regexp} key reads (vars.go): written as exactly one
 * {@code {placeholder}} it is that placeholder, otherwise the request variable of that name
 * (unset reads as "").
 */
final class VarSource {
    private final String name;
    private final Template placeholder;

    private VarSource(String name, Template placeholder) {
        this.name = name;
        this.placeholder = placeholder;
    }

    static VarSource of(String key) {
        boolean onePlaceholder = key.length() > 2 && key.startsWith("{") && key.endsWith("}")
                && key.indexOf('{', 1) < 0;
        return new VarSource(key, onePlaceholder ? Template.compile(key) : null);
    }

    String value(Exchange ex) {
        if (placeholder != null) {
            return placeholder.render(ex, Template.Unknown.EMPTY);
        }
        Object v = ex.var(name);
        return v == null ? "" : v.toString();
    }
}
