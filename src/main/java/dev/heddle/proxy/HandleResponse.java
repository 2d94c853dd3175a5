package dev.heddle.proxy;

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
        return dev.heddle.http.ResponseMatch.matches(matchStatus, matchHeaders, r.status(), r::header);
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
