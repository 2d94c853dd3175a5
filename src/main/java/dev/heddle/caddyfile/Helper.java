package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a directive's parser gets (Caddy's httpcaddyfile.Helper): a dispenser over the
 * directive's tokens, the named matchers in scope, the enclosing block's segments (for the
 * config file names) and the adaptation's shared context.
 */
final class Helper {
    final Dispenser d;
    final Map<String, ObjectNode> matcherDefs;
    final List<List<Token>> parentSegments;
    final AdaptContext ctx;

    Helper(Dispenser d, Map<String, ObjectNode> matcherDefs, List<List<Token>> parentSegments, AdaptContext ctx) {
        this.d = d;
        this.matcherDefs = matcherDefs;
        this.parentSegments = parentSegments;
        this.ctx = ctx;
    }

    Helper with(Dispenser other) {
        return new Helper(other, matcherDefs, parentSegments, ctx);
    }

    Helper with(Dispenser other, Map<String, ObjectNode> defs) {
        return new Helper(other, defs, parentSegments, ctx);
    }

    /**
     * If the next argument is a matcher token ({@code *}, {@code /path} or {@code @name}), removes
     * it and returns its matcher set (null for {@code *} or no matcher); rewinds the dispenser.
     */
    ObjectNode extractMatcherSet() throws CaddyfileException {
        ObjectNode set = null;
        if (d.nextArg()) {
            Token t = d.token();
            boolean matched = true;
            if (t.text().equals("*")) {
                set = null;
            } else if (t.text().startsWith("/")) {
                set = Json.obj();
                set.putArray("path").add(t.text());
            } else if (t.text().startsWith("@")) {
                ObjectNode def = matcherDefs.get(t.text());
                if (def == null) {
                    throw d.err("unrecognized matcher name: " + t.text());
                }
                set = def.deepCopy();
            } else {
                matched = false;
            }
            if (matched) {
                d.delete();
            }
        }
        d.reset();
        return set;
    }

    List<ConfigValue> newRoute(ObjectNode matcherSet, ObjectNode handler) {
        List<ConfigValue> out = new ArrayList<>();
        out.add(new ConfigValue("route", null, new Route(matcherSet, handler)));
        return out;
    }

    /** Puts the routes in one group when there are two or more, so at most one runs. */
    void groupRoutes(List<ConfigValue> values) {
        long count = values.stream().filter(v -> v.value() instanceof Route).count();
        if (count < 2) {
            return;
        }
        String group = ctx.nextGroup();
        for (ConfigValue v : values) {
            if (v.value() instanceof Route r) {
                r.group = group;
            }
        }
    }

    /** The files the enclosing block's tokens came from, which file_server hides. */
    List<String> caddyfiles() {
        Set<String> files = new LinkedHashSet<>();
        for (List<Token> seg : parentSegments) {
            for (Token t : seg) {
                files.add(t.file());
            }
        }
        return new ArrayList<>(files);
    }
}
