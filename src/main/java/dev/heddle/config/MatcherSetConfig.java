package dev.heddle.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A matcher set: a JSON object whose keys are matcher names; a request must match all of them.
 * A route's {@code match} is a list of sets, any of which may match.
 */
public record MatcherSetConfig(List<MatcherConfig> matchers) {
    private static final Set<String> NOT_YET = Set.of("expression", "tls",
            "url_pattern", "path_clean");

    public static List<MatcherSetConfig> parseList(Node node) throws ConfigException {
        List<MatcherSetConfig> out = new ArrayList<>();
        for (Node n : node.elements()) {
            out.add(parse(n));
        }
        return List.copyOf(out);
    }

    public static MatcherSetConfig parse(Node node) throws ConfigException {
        node.requireObject();
        List<MatcherConfig> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : node.entries().entrySet()) {
            out.add(matcher(e.getKey(), e.getValue()));
        }
        return new MatcherSetConfig(List.copyOf(out));
    }

    private static MatcherConfig matcher(String name, Node n) throws ConfigException {
        return switch (name) {
            case "host" -> new MatcherConfig.Host(nonEmpty(n).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList());
            case "path" -> new MatcherConfig.Path(nonEmpty(n).stream().map(p -> p.toLowerCase(Locale.ROOT)).toList());
            case "path_regexp" -> pathRegexp(n);
            case "method" -> new MatcherConfig.Method(nonEmpty(n).stream().map(m -> m.toUpperCase(Locale.ROOT)).toList());
            case "header" -> new MatcherConfig.Header(header(n));
            case "header_regexp" -> headerRegexp(n);
            case "query" -> new MatcherConfig.Query(query(n));
            case "remote_ip" -> new MatcherConfig.RemoteIp(ranges(n, true));
            case "client_ip" -> new MatcherConfig.ClientIp(ranges(n, false));
            case "protocol" -> protocol(n);
            case "vars" -> new MatcherConfig.Vars(query(n));
            case "vars_regexp" -> new MatcherConfig.VarsRegexp(namedPatterns(n));
            case "not" -> new MatcherConfig.Not(parseList(n));
            case "file" -> file(n);
            default -> throw n.error(NOT_YET.contains(name)
                    ? "is a Caddy matcher that Heddle does not support yet"
                    : "unknown matcher \"" + name + "\"");
        };
    }

    /** Caddy's file matcher (fileserver/matcher.go): try_files under root, by try_policy, split_path. */
    private static MatcherConfig.File file(Node n) throws ConfigException {
        n.requireObject();
        Node fs = n.field("fs");
        String fsName = fs.string("");
        if (!fsName.isEmpty() && !fsName.equals("{http.vars.fs}")) {
            throw fs.error("file systems other than the local disk are not supported (\"" + fsName + "\")");
        }
        String root = n.field("root").string("{http.vars.root}");
        Node tryNode = n.field("try_files");
        List<String> tryFiles = tryNode.absent() ? List.of("{http.request.uri.path}") : tryNode.strings();
        for (int i = 0; i < tryFiles.size(); i++) {
            if (tryFiles.get(i).matches("=\\d{3}")) {
                throw new ConfigException(tryNode.path() + "[" + i + "]", "error codes in try_files (\"" + tryFiles.get(i)
                        + "\") are not supported yet; end the route with an error handler instead");
            }
        }
        Node policyNode = n.field("try_policy");
        String policy = policyNode.string("first_exist");
        if (!Set.of("first_exist", "first_exist_fallback", "smallest_size", "largest_size", "most_recently_modified").contains(policy)) {
            throw policyNode.error("unknown try_policy \"" + policy
                    + "\" (first_exist, first_exist_fallback, smallest_size, largest_size, most_recently_modified)");
        }
        List<String> split = n.field("split_path").strings();
        n.done();
        return new MatcherConfig.File(root, tryFiles, policy, split);
    }

    private static List<String> nonEmpty(Node n) throws ConfigException {
        List<String> values = n.strings();
        if (values.isEmpty()) {
            throw n.error("needs at least one value");
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isEmpty()) {
                throw new ConfigException(n.path() + "[" + i + "]", "must not be empty");
            }
        }
        return values;
    }

    private static MatcherConfig pathRegexp(Node n) throws ConfigException {
        MatcherConfig.NamedPattern p = namedPattern(n);
        return new MatcherConfig.PathRegexp(p.name(), p.pattern());
    }

    private static MatcherConfig.NamedPattern namedPattern(Node n) throws ConfigException {
        n.requireObject();
        String name = n.field("name").string("");
        Node patternNode = n.field("pattern");
        String pattern = patternNode.requiredString();
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw patternNode.error("is not a valid regular expression: " + e.getDescription());
        }
        n.done();
        return new MatcherConfig.NamedPattern(name, pattern);
    }

    private static Map<String, List<String>> header(Node n) throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.requireObject().entries().entrySet()) {
            out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().strings());
        }
        return Collections.unmodifiableMap(out);
    }

    private static MatcherConfig headerRegexp(Node n) throws ConfigException {
        return new MatcherConfig.HeaderRegexp(namedPatterns(n));
    }

    private static Map<String, MatcherConfig.NamedPattern> namedPatterns(Node n) throws ConfigException {
        Map<String, MatcherConfig.NamedPattern> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.requireObject().entries().entrySet()) {
            out.put(e.getKey(), namedPattern(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, List<String>> query(Node n) throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.requireObject().entries().entrySet()) {
            out.put(e.getKey(), e.getValue().strings());
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<Cidr> ranges(Node n, boolean remote) throws ConfigException {
        n.requireObject();
        List<Cidr> ranges = Cidr.parseAll(n.field("ranges"));
        if (remote && n.has("forwarded")) {
            throw n.field("forwarded").error("was removed from Caddy's remote_ip; use the client_ip matcher with the server's trusted_proxies");
        }
        n.done();
        if (ranges.isEmpty()) {
            throw n.error("needs at least one range");
        }
        return ranges;
    }

    /** Any string, as in Caddy: one it does not know matches nothing (case-sensitive). */
    private static MatcherConfig protocol(Node n) throws ConfigException {
        return new MatcherConfig.Protocol(n.string());
    }
}
