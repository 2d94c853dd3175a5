package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named matchers ({@code @name ...}, single-line or with a block) and nested matcher sets
 * ({@code not { }}, {@code lb_retry_match { }}), as httptype.go parseMatcherDefinitions and
 * caddyhttp.ParseCaddyfileNestedMatcherSet: the lines of one matcher type are gathered, then
 * that type reads them all.
 */
final class MatcherDefinitions {
    private MatcherDefinitions() {
    }

    static void parse(Dispenser d, Map<String, ObjectNode> defs) throws CaddyfileException {
        while (d.next()) {
            String name = d.val();
            if (defs.containsKey(name)) {
                throw d.err("matcher is defined more than once: " + name);
            }
            ObjectNode set = Json.obj();
            defs.put(name, set);
            if (d.nextArg()) {
                if (d.token().quoted()) {
                    // @name "expr" is a CEL expression
                    set.set("expression", RequestMatchers.parse("expression", List.of(d.token()), d));
                    continue;
                }
                d.prev();
            }
            fill(d, set);
        }
    }

    static ObjectNode nestedSet(Dispenser d) throws CaddyfileException {
        ObjectNode set = Json.obj();
        fill(d, set);
        return set;
    }

    private static void fill(Dispenser d, ObjectNode set) throws CaddyfileException {
        Map<String, List<Token>> byName = new LinkedHashMap<>();
        Map<String, Token> first = new LinkedHashMap<>();
        for (int n = d.nesting(); d.nextArg() || d.nextBlock(n); ) {
            String matcher = d.val();
            first.putIfAbsent(matcher, d.token());
            byName.computeIfAbsent(matcher, k -> new ArrayList<>()).addAll(d.nextSegment());
        }
        for (var e : byName.entrySet()) {
            set.set(e.getKey(), RequestMatchers.parse(e.getKey(), e.getValue(), new Dispenser(List.of(first.get(e.getKey())))));
        }
    }
}
