package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** An HTTP route being built: matcher sets, handlers, group, terminal (Caddy's caddyhttp.Route). */
final class Route {
    final List<ObjectNode> matcherSets = new ArrayList<>();
    final List<ObjectNode> handlers = new ArrayList<>();
    String group;
    boolean terminal;

    Route() {
    }

    Route(ObjectNode matcherSet, ObjectNode handler) {
        if (matcherSet != null) {
            matcherSets.add(matcherSet);
        }
        handlers.add(handler);
    }

    ObjectNode toJson() {
        ObjectNode o = Json.obj();
        if (group != null && !group.isEmpty()) {
            o.put("group", group);
        }
        if (!matcherSets.isEmpty()) {
            ArrayNode m = o.putArray("match");
            matcherSets.forEach(m::add);
        }
        if (!handlers.isEmpty()) {
            ArrayNode h = o.putArray("handle");
            handlers.forEach(h::add);
        }
        if (terminal) {
            o.put("terminal", true);
        }
        return o;
    }

    static ArrayNode toJson(List<Route> routes) {
        ArrayNode a = Json.F.arrayNode();
        routes.forEach(r -> a.add(r.toJson()));
        return a;
    }

    /** Joins neighbours with equal matchers, terminal flag and group (consolidateRoutes). */
    static List<Route> consolidate(List<Route> routes) {
        List<Route> out = new ArrayList<>(routes);
        for (int i = 0; i < out.size() - 1; i++) {
            Route a = out.get(i);
            Route b = out.get(i + 1);
            if (a.matcherSets.equals(b.matcherSets) && a.terminal == b.terminal
                    && java.util.Objects.equals(emptyToNull(a.group), emptyToNull(b.group))) {
                a.handlers.addAll(b.handlers);
                out.remove(i + 1);
                i--;
            }
        }
        return out;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
