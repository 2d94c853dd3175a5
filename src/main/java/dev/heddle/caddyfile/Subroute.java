package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** A list of routes that becomes a {@code subroute} handler, or is spliced into its parent. */
final class Subroute {
    final List<Route> routes = new ArrayList<>();

    ObjectNode toHandler() {
        ObjectNode o = Json.handler("subroute");
        if (!routes.isEmpty()) {
            o.set("routes", Route.toJson(routes));
        }
        return o;
    }
}
