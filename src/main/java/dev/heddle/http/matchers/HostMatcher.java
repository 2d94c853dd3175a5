package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.util.List;
import java.util.Set;

/** Caddy's {@code host}: case-insensitive; a "*" label matches exactly one label. */
final class HostMatcher implements RequestMatcher {
    private final List<String[]> wildcards;
    private final Set<String> exact;

    HostMatcher(List<String> lowerCaseHosts) {
        this.exact = Set.copyOf(lowerCaseHosts.stream().filter(h -> !h.contains("*")).toList());
        this.wildcards = lowerCaseHosts.stream().filter(h -> h.contains("*")).map(h -> h.split("\\.", -1)).toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        String host = ex.hostname();
        if (exact.contains(host)) {
            return true;
        }
        for (String[] labels : wildcards) {
            if (labelsMatch(labels, host)) {
                return true;
            }
        }
        return false;
    }

    /** Label by label, without splitting the host: "*" is any one label (an empty one too). */
    static boolean labelsMatch(String[] pattern, String host) {
        int start = 0;
        for (int i = 0; i < pattern.length; i++) {
            int end = host.indexOf('.', start);
            if (i == pattern.length - 1) {
                if (end >= 0) {
                    return false;  // the host has more labels
                }
                end = host.length();
            } else if (end < 0) {
                return false;  // the host has fewer labels
            }
            String label = pattern[i];
            if (!label.equals("*") && (end - start != label.length() || !host.startsWith(label, start))) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }
}
