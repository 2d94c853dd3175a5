package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.QueryParams;

import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code query}: every listed key must be present with one of its listed values ("*"
 * for any). An empty matcher matches only a request without a query.
 */
final class QueryMatcher implements RequestMatcher {
    private final Map<String, List<String>> params;

    QueryMatcher(Map<String, List<String>> params) {
        this.params = params;
    }

    @Override
    public boolean matches(Exchange ex) {
        if (params.isEmpty()) {
            return ex.rawQuery().isEmpty();
        }
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            List<String> actual = QueryParams.values(ex.rawQuery(), p.getKey());
            if (!QueryParams.has(ex.rawQuery(), p.getKey())) {
                return false;
            }
            boolean any = false;
            for (String want : p.getValue()) {
                if (want.equals("*") || actual.contains(want)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }
}
