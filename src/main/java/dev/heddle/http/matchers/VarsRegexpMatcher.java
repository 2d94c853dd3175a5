package dev.heddle.http.matchers;

import dev.heddle.config.MatcherConfig;
import dev.heddle.http.Exchange;

import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code vars_regexp} (vars.go, MatchVarsRE): each key's value (a request variable, or
 * one {placeholder}) against an unanchored regexp whose captures become
 * {@code {http.regexp.NAME.N}}; keys are OR'ed, as in Caddy.
 */
final class VarsRegexpMatcher implements RequestMatcher {
    private record Entry(VarSource source, RegexpCaptures regexp) {
    }

    private final List<Entry> entries;

    VarsRegexpMatcher(Map<String, MatcherConfig.NamedPattern> config) {
        this.entries = config.entrySet().stream()
                .map(e -> new Entry(VarSource.of(e.getKey()), new RegexpCaptures(e.getValue().name(), e.getValue().pattern())))
                .toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        for (Entry e : entries) {
            if (e.regexp().matchAndPublish(e.source().value(ex), ex)) {
                return true;
            }
        }
        return false;
    }
}
