package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One {@code handle_response} entry of reverse_proxy: a response matcher, then either a
 * replacement status (the body is still proxied) or routes that answer instead.
 *
 * @param matchStatus  codes or one-digit classes; empty = any
 * @param statusCode   replacement status as written (may hold placeholders); "" = none
 */
public record HandleResponseConfig(List<Integer> matchStatus, Map<String, List<String>> matchHeaders,
                                   String statusCode, List<RouteConfig> routes) {

    static List<HandleResponseConfig> parseList(Node list) throws ConfigException {
        List<HandleResponseConfig> out = new ArrayList<>();
        for (Node n : list.elements()) {
            n.requireObject();
            ResponseMatchConfig match = ResponseMatchConfig.parse(n.field("match"), Map.of());
            Node code = n.field("status_code");
            String statusCode = code.absent() ? "" : code.json().isIntegralNumber() ? Long.toString(code.integer(0)) : code.string();
            List<RouteConfig> routes = RouteConfig.parseList(n.field("routes"));
            n.done();
            out.add(new HandleResponseConfig(match.statuses(), match.headers(), statusCode, routes));
        }
        return List.copyOf(out);
    }
}
