package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns directive results into one ordered list of routes, as Caddy 2.6.2's
 * {@code buildSubroute}: sort by the standard directive order (then, within one directive, by
 * matcher specificity), name groups for mutually exclusive directives, splice subroutes and
 * join neighbouring routes with the same matchers.
 */
final class SubrouteBuilder {
    /** httpcaddyfile/directives.go directiveOrder of 2.6.2. */
    static final List<String> ORDER = List.of(
            "tracing", "map", "vars", "root", "skip_log",
            "header", "copy_response_headers", "request_body",
            "redir",
            "method", "rewrite", "uri", "try_files",
            "basicauth", "forward_auth", "request_header", "encode", "push", "templates",
            "handle", "handle_path", "route",
            "abort", "error", "copy_response", "respond", "metrics", "reverse_proxy", "php_fastcgi",
            "file_server", "acme_server");

    /** Directives whose routes are mutually exclusive when they appear more than once (sorted by name). */
    private static final List<String> EXCLUSIVE = List.of("handle", "rewrite", "root");

    private SubrouteBuilder() {
    }

    static Subroute build(List<ConfigValue> values, AdaptContext ctx, Dispenser at) throws CaddyfileException {
        for (ConfigValue v : values) {
            if (!ctx.order.contains(v.directive())) {
                throw new CaddyfileException("directive '" + v.directive()
                        + "' is not an ordered HTTP handler, so it cannot be used here");
            }
        }
        List<ConfigValue> routes = new ArrayList<>(values);
        sort(routes, ctx.order);
        Map<String, String> groups = new HashMap<>();
        for (String dir : EXCLUSIVE) {
            long count = routes.stream().filter(r -> r.directive().equals(dir)).limit(2).count();
            if (count > 1 || dir.equals("rewrite")) {
                groups.put(dir, ctx.nextGroup());
            }
        }
        Subroute sub = new Subroute();
        for (ConfigValue r : routes) {
            if (r.value() instanceof Route route) {
                if (EXCLUSIVE.contains(r.directive())) {
                    route.group = groups.get(r.directive());
                }
                sub.routes.add(route);
            } else if (r.value() instanceof Subroute s) {
                sub.routes.addAll(s.routes);
            }
        }
        List<Route> joined = Route.consolidate(sub.routes);
        sub.routes.clear();
        sub.routes.addAll(joined);
        return sub;
    }

    /** sortRoutes: stable, by directive position, then longest single path matcher first, unmatched last. */
    static void sort(List<ConfigValue> routes, List<String> order) {
        GoSort.stable(routes, (a, b) -> less(a, b, order));
    }

    private static boolean less(ConfigValue i, ConfigValue j, List<String> order) {
        String iDir = i.directive();
        String jDir = j.directive();
        if (!iDir.equals(jDir)) {
            return position(iDir, order) < position(jDir, order);
        }
        if (!(i.value() instanceof Route ir) || !(j.value() instanceof Route jr)) {
            return false;
        }
        int iLen = singlePathLength(ir);
        int jLen = singlePathLength(jr);
        if (iDir.equals("vars")) {
            // vars run least specific first, so that more specific ones overwrite them
            if (iLen > 0 && jLen > 0) {
                return iLen < jLen;
            }
            return ir.matcherSets.isEmpty() && !jr.matcherSets.isEmpty();
        }
        if (iLen > 0 && jLen > 0) {
            return iLen > jLen;
        }
        return !ir.matcherSets.isEmpty() && jr.matcherSets.isEmpty();
    }

    /** Go's map lookup of an unknown directive gives position 0. */
    private static int position(String dir, List<String> order) {
        int p = order.indexOf(dir);
        return Math.max(p, 0);
    }

    private static int singlePathLength(Route r) {
        if (r.matcherSets.size() != 1) {
            return 0;
        }
        JsonNode path = r.matcherSets.get(0).get("path");
        if (path == null || !path.isArray() || path.size() != 1) {
            return 0;
        }
        // Go's len() counts bytes
        return path.get(0).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    /**
     * parseSegmentAsConfig: the directives inside the block of the current directive, with
     * named matchers defined in the block added to those in scope.
     */
    static List<ConfigValue> parseSegmentAsConfig(Helper h) throws CaddyfileException {
        List<ConfigValue> all = new ArrayList<>();
        Dispenser d = h.d;
        while (d.next()) {
            if (d.nextArg()) {
                throw d.argErr();
            }
            List<List<Token>> segments = new ArrayList<>();
            for (int n = d.nesting(); d.nextBlock(n); ) {
                segments.add(d.nextSegment());
            }
            Map<String, ObjectNode> defs = new HashMap<>(h.matcherDefs);
            List<List<Token>> directives = new ArrayList<>();
            for (List<Token> seg : segments) {
                if (seg.get(0).text().startsWith("@")) {
                    MatcherDefinitions.parse(new Dispenser(seg), defs);
                } else {
                    directives.add(seg);
                }
            }
            for (List<Token> seg : directives) {
                String dir = seg.get(0).text();
                Directive fn = Directives.get(dir);
                if (fn == null) {
                    throw d.err("unrecognized directive: " + dir
                            + " - are you sure your Caddyfile structure (nesting and braces) is correct?");
                }
                List<ConfigValue> results;
                try {
                    results = fn.parse(h.with(new Dispenser(seg), defs));
                } catch (CaddyfileException e) {
                    throw wrap(seg.get(0), dir, e);
                }
                String norm = Directives.normalize(dir);
                for (ConfigValue r : results) {
                    all.add(r.withDirective(norm));
                }
            }
        }
        return all;
    }

    static Subroute parseSegmentAsSubroute(Helper h) throws CaddyfileException {
        return build(parseSegmentAsConfig(h), h.ctx, h.d);
    }

    /** Caddy wraps a nested directive's error with the outer place; the inner line is the one that matters. */
    static CaddyfileException wrap(Token outer, String dir, CaddyfileException e) {
        if (e.line() > 0) {
            return new CaddyfileException(e.file(), e.line(),
                    "parsing caddyfile tokens for '" + dir + "': " + stripPlace(e));
        }
        return new CaddyfileException(outer.file(), outer.line(),
                "parsing caddyfile tokens for '" + dir + "': " + e.getMessage());
    }

    static String stripPlace(CaddyfileException e) {
        String m = e.getMessage();
        String prefix = e.file() + ":" + e.line() + " - ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }
}
