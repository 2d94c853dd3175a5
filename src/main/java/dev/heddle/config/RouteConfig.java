package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A Caddy route: {@code {group, match, handle, terminal}}. {@code match} is a list of matcher
 * sets (OR of sets, AND within a set); an empty list matches every request.
 */
public record RouteConfig(String group, List<MatcherSetConfig> match, List<HandlerConfig> handle, boolean terminal) {

    public static List<RouteConfig> parseList(Node list) throws ConfigException {
        List<RouteConfig> out = new ArrayList<>();
        for (Node n : list.elements()) {
            out.add(parse(n));
        }
        return List.copyOf(out);
    }

    static RouteConfig parse(Node n) throws ConfigException {
        n.requireObject();
        String group = n.field("group").string("");
        List<MatcherSetConfig> match = MatcherSetConfig.parseList(n.field("match"));
        List<HandlerConfig> handle = new ArrayList<>();
        for (Node h : n.field("handle").elements()) {
            handle.add(HandlerConfigs.parse(h));
        }
        boolean terminal = n.field("terminal").bool(false);
        n.done();
        return new RouteConfig(group, match, List.copyOf(handle), terminal);
    }
}
