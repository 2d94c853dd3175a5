package dev.heddle.proxy;

import dev.heddle.config.StatusCodes;
import dev.heddle.http.HeaderGlob;
import dev.heddle.http.RouteList;
import dev.heddle.http.Template;
import dev.heddle.transport.UpstreamResponse;

import java.util.List;
import java.util.Map;

/**
 * One compiled {@code handle_response} entry (reverseproxy.go, handleResponse): whether a
 * response matches, and what to do: replace the status, or run routes.
 *
 * @param status replacement status; null when routes answer instead
 */
public record HandleResponse(List<Integer> matchStatus, Map<String, List<String>> matchHeaders, Template status,
                             RouteList routes) {

    boolean matches(UpstreamResponse r) {
        if (!StatusCodes.anyMatches(matchStatus, r.status())) {
            return false;
        }
        for (Map.Entry<String, List<String>> e : matchHeaders.entrySet()) {
            String v = r.header(e.getKey());
            if (v == null) {
                return false;
            }
            if (!e.getValue().isEmpty() && e.getValue().stream().noneMatch(want -> HeaderGlob.matches(want, v))) {
                return false;
            }
        }
        return true;
    }

    static HandleResponse first(List<HandleResponse> entries, UpstreamResponse r) {
        for (HandleResponse h : entries) {
            if (h.matches(r)) {
                return h;
            }
        }
        return null;
    }
}
