package dev.heddle.http;

import dev.heddle.config.RewriteConfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import java.util.regex.Pattern;

/**
 * Caddy's rewrite, as a pure function of the request (rewrite.go, Rewrite.Rewrite): method,
 * then uri (a new path and/or query; "{query}" in the query is the original one), then
 * strip_path_prefix/suffix, uri_substring, path_regexp and the query ops. Unknown placeholders
 * become empty, as Caddy does in rewrite fields.
 */
public final class Rewrite {
    /** A request's target after a rewrite. */
    public record Result(String method, String rawPath, String rawQuery) {
    }

    private static final String ORIGINAL_QUERY = "\u0000query\u0000";

    private final RewriteConfig c;
    private final Template method;
    private final Template uriPath;
    private final Template uriQuery;
    private final boolean hasQuery;
    private final List<Pattern> regexps;
    private final boolean hasQueryOps;
    private final List<QueryOp> rename;
    private final List<QueryOp> set;
    private final List<QueryOp> add;
    private final List<QueryOp> replace;
    private final List<Template> delete;

    public Rewrite(RewriteConfig c) {
        this.c = c;
        this.method = Template.compile(c.method());
        int q = c.uri().indexOf('?');
        this.hasQuery = q >= 0;
        this.uriPath = Template.compile(q >= 0 ? c.uri().substring(0, q) : c.uri());
        // "{query}" means the original query: kept apart from placeholders (unknown ones become empty here).
        this.uriQuery = Template.compile((q >= 0 ? c.uri().substring(q + 1) : "").replace("{query}", ORIGINAL_QUERY));
        this.regexps = c.pathRegexp().stream().map(r -> Pattern.compile(r.find())).toList();
        RewriteConfig.QueryOps queryOps = c.query();
        this.hasQueryOps = !(queryOps.rename().isEmpty() && queryOps.set().isEmpty() && queryOps.add().isEmpty()
                && queryOps.replace().isEmpty() && queryOps.delete().isEmpty());
        this.rename = ops(queryOps.rename());
        this.set = ops(queryOps.set());
        this.add = ops(queryOps.add());
        this.replace = replaceOps(queryOps.replace());
        this.delete = queryOps.delete().stream().map(Template::compile).toList();
    }

    public Result apply(Exchange ex) {
        String m = c.method().isEmpty() ? ex.method() : method.render(ex, Template.Unknown.EMPTY).toUpperCase(Locale.ROOT);
        String path = ex.rawPath();
        String query = ex.rawQuery();
        if (!c.uri().isEmpty()) {
            String p = uriPath.render(ex, Template.Unknown.EMPTY);
            int snuck = p.indexOf('?');
            if (snuck >= 0) {
                // A query that came in with a placeholder ("/prefix{http.request.uri}") is the
                // query, unless the template sets one (Caddy's rewrite.go).
                if (!hasQuery) {
                    query = p.substring(snuck + 1);
                }
                p = p.substring(0, snuck);
            }
            if (!p.isEmpty()) {
                path = p.startsWith("/") ? p : "/" + p;
            }
            if (hasQuery) {
                query = trimAmpersands(uriQuery.render(ex, Template.Unknown.EMPTY).replace(ORIGINAL_QUERY, ex.rawQuery()));
            }
        }
        path = stripPrefix(path, c.stripPathPrefix());
        path = stripSuffix(path, c.stripPathSuffix());
        for (RewriteConfig.Substring s : c.uriSubstring()) {
            // Caddy cleans the path first (merging "//" unless the search has one), then
            // replaces in it and, apart, in the raw query (rewrite.go, substrReplacer).
            path = replace(GoPath.caddyClean(path, !s.find().contains("//")), s);
            query = replace(query, s);
        }
        for (int i = 0; i < regexps.size(); i++) {
            path = regexps.get(i).matcher(path).replaceAll(c.pathRegexp().get(i).replace().replaceAll("\\$\\{(\\d+)}", "\\$$1"));
        }
        return new Result(m, path, hasQueryOps ? queryOps(query, ex) : query);
    }

    private static String stripPrefix(String path, String prefix) {
        if (prefix.isEmpty()) {
            return path;
        }
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        if (path.toLowerCase(Locale.ROOT).startsWith(p.toLowerCase(Locale.ROOT))) {
            String rest = path.substring(p.length());
            return rest.startsWith("/") ? rest : "/" + rest;
        }
        return path;
    }

    private static String stripSuffix(String path, String suffix) {
        if (!suffix.isEmpty() && path.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
            return path.substring(0, path.length() - suffix.length());
        }
        return path;
    }

    private static String replace(String s, RewriteConfig.Substring sub) {
        if (sub.limit() <= 0) {
            return s.replace(sub.find(), sub.replace());
        }
        String out = s;
        int from = 0;
        for (int n = 0; n < sub.limit(); n++) {
            int at = out.indexOf(sub.find(), from);
            if (at < 0) {
                break;
            }
            out = out.substring(0, at) + sub.replace() + out.substring(at + sub.find().length());
            from = at + sub.replace().length();
        }
        return out;
    }

    /** One query op's fields, their placeholders compiled once; the replace op's regexp too. */
    private record QueryOp(Template key, Template val, Template search, Pattern regexp, Template replace) {
    }

    private static List<QueryOp> ops(List<String[]> pairs) {
        return pairs.stream().map(p -> new QueryOp(Template.compile(p[0]), Template.compile(p[1]), null, null, null)).toList();
    }

    private static List<QueryOp> replaceOps(List<String[]> replaces) {
        return replaces.stream().map(r -> new QueryOp(Template.compile(r[0]), null, Template.compile(r[1]),
                r[2].isEmpty() ? null : Pattern.compile(r[2]), Template.compile(r[3].replaceAll("\\$\\{(\\d+)}", "\\$$1")))).toList();
    }

    /**
     * Caddy's queryOps.do: the query as url.Values (rename, set, add, replace, delete, with
     * placeholders in every field: unknown ones empty, but kept in replace's search and
     * replacement), then Encode: keys sorted, values in order, Go's query escaping.
     */
    private String queryOps(String rawQuery, Exchange ex) {
        List<String[]> params = parse(rawQuery);
        for (QueryOp r : rename) {
            String key = r.key().render(ex, Template.Unknown.EMPTY);
            String val = r.val().render(ex, Template.Unknown.EMPTY);
            if (key.isEmpty() || val.isEmpty() || key.equals(val) || params.stream().noneMatch(p -> p[0].equals(key))) {
                continue;
            }
            params.removeIf(p -> p[0].equals(val));  // Caddy: query[val] = query[key]
            params.forEach(p -> {
                if (p[0].equals(key)) {
                    p[0] = val;
                }
            });
        }
        for (QueryOp op : set) {
            String key = op.key().render(ex, Template.Unknown.EMPTY);
            if (!key.isEmpty()) {
                params.removeIf(p -> p[0].equals(key));
                params.add(new String[] {key, op.val().render(ex, Template.Unknown.EMPTY)});
            }
        }
        for (QueryOp op : add) {
            String key = op.key().render(ex, Template.Unknown.EMPTY);
            if (!key.isEmpty()) {
                params.add(new String[] {key, op.val().render(ex, Template.Unknown.EMPTY)});
            }
        }
        for (QueryOp op : replace) {
            String key = op.key().render(ex, Template.Unknown.EMPTY);
            String search = op.search().render(ex, Template.Unknown.KEEP);
            String replacement = op.replace().render(ex, Template.Unknown.KEEP);
            for (String[] p : params) {
                if (key.equals("*") || p[0].equals(key)) {
                    p[1] = op.regexp() != null ? op.regexp().matcher(p[1]).replaceAll(replacement) : p[1].replace(search, replacement);
                }
            }
        }
        for (Template d : delete) {
            String key = d.render(ex, Template.Unknown.EMPTY);
            if (!key.isEmpty()) {
                params.removeIf(p -> p[0].equals(key));
            }
        }
        params.sort(java.util.Comparator.comparing(p -> p[0]));  // stable: each key's values stay in order
        StringBuilder sb = new StringBuilder();
        for (String[] p : params) {
            sb.append(sb.isEmpty() ? "" : "&").append(GoText.queryEscape(p[0])).append('=').append(GoText.queryEscape(p[1]));
        }
        return sb.toString();
    }

    /**
     * Go's url.ParseQuery, as Caddy's r.URL.Query() reads the query for its ops: a pair with a
     * ';' or a bad %-escape is dropped, the others kept in order.
     */
    private static List<String[]> parse(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty() || pair.indexOf(';') >= 0) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = dec(eq < 0 ? pair : pair.substring(0, eq));
            String value = dec(eq < 0 ? "" : pair.substring(eq + 1));
            if (key != null && value != null) {
                out.add(new String[] {key, value});
            }
        }
        return out;
    }

    /** Go's QueryUnescape ('+' is a space); null for a bad escape. */
    private static String dec(String s) {
        try {
            return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String trimAmpersands(String q) {
        String out = q.replaceAll("&{2,}", "&");
        while (out.startsWith("&")) {
            out = out.substring(1);
        }
        while (out.endsWith("&")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

}
