package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.GoPath;

/** Caddy's {@code path_regexp}: a regexp on the cleaned, decoded path (case-sensitive). */
final class PathRegexpMatcher implements RequestMatcher {
    private final RegexpCaptures regexp;

    PathRegexpMatcher(String name, String pattern) {
        this.regexp = new RegexpCaptures(name, pattern);
    }

    @Override
    public boolean matches(Exchange ex) {
        return regexp.matchAndPublish(GoPath.caddyClean(ex.path(), true), ex);
    }
}
