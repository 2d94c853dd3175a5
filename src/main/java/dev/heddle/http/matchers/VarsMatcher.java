package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.Template;

import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code vars} matcher (vars.go, VarsMatcher): a key names a request variable (set by
 * the {@code vars} handler), or is one {@code {placeholder}} to read; each listed value has its
 * placeholders expanded and is compared exactly. Keys and values are OR'ed, as in Caddy: the
 * first pair that matches wins. An empty map matches every request.
 */
final class VarsMatcher implements RequestMatcher {
    private record Entry(VarSource source, List<Template> values) {
    }

    private final List<Entry> entries;

    VarsMatcher(Map<String, List<String>> config) {
        this.entries = config.entrySet().stream()
                .map(e -> new Entry(VarSource.of(e.getKey()), e.getValue().stream().map(Template::compile).toList()))
                .toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        if (entries.isEmpty()) {
            return true;
        }
        for (Entry e : entries) {
            String actual = e.source().value(ex);
            for (Template want : e.values()) {
                if (actual.equals(want.render(ex, Template.Unknown.EMPTY))) {
                    return true;
                }
            }
        }
        return false;
    }
}
