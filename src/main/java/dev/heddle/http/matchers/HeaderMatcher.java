package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.HeaderGlob;

import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code header} (matchers.go, matchHeaders): every listed field must match. Listed
 * values are alternatives with "*" globbing (alone, prefix, suffix, contains; case-sensitive);
 * null means the field must be absent, an empty list that it is present with any value. The
 * Host field is the request's host.
 */
final class HeaderMatcher implements RequestMatcher {
    private record Field(String name, boolean isHost, List<String> allowed) {
    }

    private final List<Field> fields;

    HeaderMatcher(Map<String, List<String>> config) {
        this.fields = config.entrySet().stream()
                .map(e -> new Field(e.getKey(), e.getKey().equalsIgnoreCase("Host"), e.getValue()))
                .toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        for (Field f : fields) {
            List<String> actual = f.isHost() ? (ex.host().isEmpty() ? null : List.of(ex.host()))
                    : present(ex.headers().values(f.name()));
            if (f.allowed() == null) {
                if (actual != null) {
                    return false;
                }
                continue;
            }
            if (actual == null) {
                return false;
            }
            if (!f.allowed().isEmpty() && !anyMatch(actual, f.allowed())) {
                return false;
            }
        }
        return true;
    }

    private static List<String> present(List<String> values) {
        return values.isEmpty() ? null : values;
    }

    private static boolean anyMatch(List<String> actual, List<String> allowed) {
        for (String value : actual) {
            for (String want : allowed) {
                if (HeaderGlob.matches(want, value)) {
                    return true;
                }
            }
        }
        return false;
    }
}
