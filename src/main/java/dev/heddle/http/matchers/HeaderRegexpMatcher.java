package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.util.List;
import java.util.Map;

/** Caddy's {@code header_regexp}: each field's value (lines joined with ",") must match its regexp. */
final class HeaderRegexpMatcher implements RequestMatcher {
    private record Field(String name, boolean isHost, RegexpCaptures regexp) {
    }

    private final List<Field> fields;

    HeaderRegexpMatcher(Map<String, dev.heddle.config.MatcherConfig.NamedPattern> config) {
        this.fields = config.entrySet().stream()
                .map(e -> new Field(e.getKey(), e.getKey().equalsIgnoreCase("Host"),
                        new RegexpCaptures(e.getValue().name(), e.getValue().pattern())))
                .toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        for (Field f : fields) {
            String value = f.isHost() ? ex.host()
                    : ex.headers().joined(f.name());
            if (!f.regexp().matchAndPublish(value, ex)) {
                return false;
            }
        }
        return true;
    }
}
