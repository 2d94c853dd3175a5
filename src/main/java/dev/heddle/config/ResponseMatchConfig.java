package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Caddy's ResponseMatcher as configured ({@code handle_response}'s and {@code encode}'s
 * {@code match}): status codes or one-digit classes, and header patterns.
 */
record ResponseMatchConfig(List<Integer> statuses, Map<String, List<String>> headers) {
    /** The matcher object, or, when absent, any status with {@code defaultHeaders}. */
    static ResponseMatchConfig parse(Node match, Map<String, List<String>> defaultHeaders) throws ConfigException {
        if (match.absent()) {
            return new ResponseMatchConfig(List.of(), defaultHeaders);
        }
        match.requireObject();
        List<Integer> status = new ArrayList<>();
        for (Node s : match.field("status_code").elements()) {
            status.add(s.intValue(0, 1, 999));
        }
        Map<String, List<String>> headers = match.field("headers").stringLists();
        match.done();
        return new ResponseMatchConfig(List.copyOf(status), headers);
    }
}
