package dev.heddle.http;

import dev.heddle.config.StatusCodes;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Caddy's ResponseMatcher as handle_response and encode use it: the status among the codes or
 * one-digit classes (any when none), and each named header present and, when patterns are
 * given, its first value matching one of them (Caddy's header globs).
 */
public final class ResponseMatch {
    private ResponseMatch() {
    }

    public static boolean matches(List<Integer> statuses, Map<String, List<String>> headers, int status,
                                  Function<String, String> firstValue) {
        if (!StatusCodes.anyMatches(statuses, status)) {
            return false;
        }
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            String v = firstValue.apply(e.getKey());
            if (v == null || !e.getValue().isEmpty() && e.getValue().stream().noneMatch(want -> HeaderGlob.matches(want, v))) {
                return false;
            }
        }
        return true;
    }
}
