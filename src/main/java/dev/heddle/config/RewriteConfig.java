package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Caddy's rewrite (caddyhttp/rewrite/rewrite.go), standalone or inside reverse_proxy. */
public record RewriteConfig(String method, String uri, String stripPathPrefix, String stripPathSuffix,
                            List<Substring> uriSubstring, List<RegexReplace> pathRegexp, QueryOps query)
        implements HandlerConfig {

    /** {find, replace, limit}: limit ≤ 0 replaces every occurrence. */
    public record Substring(String find, String replace, int limit) {
    }

    public record RegexReplace(String find, String replace) {
    }

    /** Query operations, applied in Caddy's order: rename, set, add, replace, delete. */
    public record QueryOps(List<String[]> rename, List<String[]> set, List<String[]> add, List<String[]> replace,
                           List<String> delete) {
        static final QueryOps NONE = new QueryOps(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static RewriteConfig parse(Node n) throws ConfigException {
        RewriteConfig c = read(n);
        n.done();
        return c;
    }

    public static RewriteConfig parseProxyRewrite(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        return parse(n);
    }

    private static RewriteConfig read(Node n) throws ConfigException {
        String method = n.field("method").string("");
        String uri = n.field("uri").string("");
        String prefix = n.field("strip_path_prefix").string("");
        String suffix = n.field("strip_path_suffix").string("");
        List<Substring> substrings = new ArrayList<>();
        for (Node s : n.field("uri_substring").elements()) {
            s.requireObject();
            substrings.add(new Substring(s.field("find").requiredString(), s.field("replace").string(""),
                    s.field("limit").intValue(0, -1, Integer.MAX_VALUE)));
            s.done();
        }
        List<RegexReplace> regexps = new ArrayList<>();
        for (Node r : n.field("path_regexp").elements()) {
            r.requireObject();
            Node find = r.field("find");
            String pattern = find.requiredString();
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw find.error("is not a valid regular expression: " + e.getDescription());
            }
            regexps.add(new RegexReplace(pattern, r.field("replace").string("")));
            r.done();
        }
        QueryOps query = query(n.field("query"));
        return new RewriteConfig(method, uri, prefix, suffix, List.copyOf(substrings), List.copyOf(regexps), query);
    }

    private static QueryOps query(Node n) throws ConfigException {
        if (n.absent()) {
            return QueryOps.NONE;
        }
        n.requireObject();
        List<String[]> rename = pairs(n.field("rename"), "key", "val");
        List<String[]> set = pairs(n.field("set"), "key", "val");
        List<String[]> add = pairs(n.field("add"), "key", "val");
        List<String[]> replace = new ArrayList<>();
        for (Node r : n.field("replace").elements()) {
            r.requireObject();
            replace.add(new String[] {r.field("key").requiredString(), r.field("search").string(""),
                r.field("search_regexp").string(""), r.field("replace").string("")});
            r.done();
        }
        List<String> delete = n.field("delete").strings();
        n.done();
        return new QueryOps(rename, set, add, replace, delete);
    }

    private static List<String[]> pairs(Node list, String a, String b) throws ConfigException {
        List<String[]> out = new ArrayList<>();
        for (Node p : list.elements()) {
            p.requireObject();
            out.add(new String[] {p.field(a).requiredString(), p.field(b).string("")});
            p.done();
        }
        return out;
    }
}
