package dev.heddle.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Caddy's header operations (headers.go, HeaderOps): add, set, delete and replace, applied in
 * the order delete-all, add, set, named delete, replace.
 */
public record HeaderOpsConfig(Map<String, List<String>> add, Map<String, List<String>> set, List<String> delete,
                              Map<String, List<Replacement>> replace) {
    public static final HeaderOpsConfig NONE = new HeaderOpsConfig(Map.of(), Map.of(), List.of(), Map.of());

    /** One replacement: a substring ({@code search}) or a regexp ({@code search_regexp}). */
    public record Replacement(String search, String searchRegexp, String replace) {
    }

    public boolean isEmpty() {
        return add.isEmpty() && set.isEmpty() && delete.isEmpty() && replace.isEmpty();
    }

    public static HeaderOpsConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return NONE;
        }
        n.requireObject();
        HeaderOpsConfig c = read(n);
        n.done();
        return c;
    }

    /** Reads the four op fields of an object that may hold others (the caller closes it). */
    static HeaderOpsConfig read(Node n) throws ConfigException {
        Map<String, List<String>> add = n.field("add").stringLists();
        Map<String, List<String>> set = n.field("set").stringLists();
        List<String> delete = n.field("delete").strings();
        Map<String, List<Replacement>> replace = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.field("replace").entries().entrySet()) {
            List<Replacement> list = new ArrayList<>();
            for (Node r : e.getValue().elements()) {
                list.add(replacement(r));
            }
            replace.put(e.getKey(), List.copyOf(list));
        }
        return new HeaderOpsConfig(add, set, delete, replace);
    }

    private static Replacement replacement(Node r) throws ConfigException {
        r.requireObject();
        String search = r.field("search").string("");
        Node regexNode = r.field("search_regexp");
        String regex = regexNode.string("");
        String replace = r.field("replace").string("");
        r.done();
        if (search.isEmpty() == regex.isEmpty()) {
            throw r.error("needs exactly one of \"search\" and \"search_regexp\"");
        }
        if (!regex.isEmpty()) {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw regexNode.error("is not a valid regular expression: " + e.getDescription());
            }
        }
        return new Replacement(search, regex, replace);
    }
}
