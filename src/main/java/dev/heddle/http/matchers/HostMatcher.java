package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.util.List;

/** Caddy's {@code host}: case-insensitive; a "*" label matches exactly one label. */
final class HostMatcher implements RequestMatcher {
    private final List<String[]> patterns;

    HostMatcher(List<String> lowerCaseHosts) {
        this.patterns = lowerCaseHosts.stream().map(h -> h.split("\\.", -1)).toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        String[] labels = ex.hostname().split("\\.", -1);
        for (String[] p : patterns) {
            if (p.length == labels.length && labelsMatch(p, labels)) {
                return true;
            }
        }
        return false;
    }

    private static boolean labelsMatch(String[] pattern, String[] labels) {
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(labels[i])) {
                return false;
            }
        }
        return true;
    }
}
