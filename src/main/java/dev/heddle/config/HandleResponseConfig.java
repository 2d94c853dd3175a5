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
            List<Integer> status = new ArrayList<>();
            Map<String, List<String>> headers = Map.of();
            Node match = n.field("match");
            if (!match.absent()) {
                match.requireObject();
                for (Node s : match.field("status_code").elements()) {
                    status.add(s.intValue(0, 1, 999));
                }
                headers = match.field("headers").stringLists();
                match.done();
            }
            Node code = n.field("status_code");
            String statusCode = code.absent() ? "" : code.json().isIntegralNumber() ? Long.toString(code.integer(0)) : code.string();
            List<RouteConfig> routes = RouteConfig.parseList(n.field("routes"));
            n.done();
            out.add(new HandleResponseConfig(List.copyOf(status), headers, statusCode, routes));
        }
        return List.copyOf(out);
    }
}
