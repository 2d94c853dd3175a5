package dev.heddle.config;

import java.util.List;
import java.util.Map;

/** One request matcher of a matcher set, as Caddy's JSON spells it (caddyhttp/matchers.go). */
public sealed interface MatcherConfig {
    record Host(List<String> hosts) implements MatcherConfig { }

    record Path(List<String> patterns) implements MatcherConfig { }

    record PathRegexp(String name, String pattern) implements MatcherConfig { }

    record Method(List<String> methods) implements MatcherConfig { }

    /** Values per field; a null list = the field must be absent, an empty list = present with any value. */
    record Header(Map<String, List<String>> fields) implements MatcherConfig { }

    record HeaderRegexp(Map<String, NamedPattern> fields) implements MatcherConfig { }

    record Query(Map<String, List<String>> params) implements MatcherConfig { }

    record RemoteIp(List<Cidr> ranges) implements MatcherConfig { }

    record ClientIp(List<Cidr> ranges) implements MatcherConfig { }

    record Protocol(String protocol) implements MatcherConfig { }

    /** Values per variable (a key written as one {placeholder} reads that placeholder); keys and values OR'ed. */
    record Vars(Map<String, List<String>> values) implements MatcherConfig { }

    record VarsRegexp(Map<String, NamedPattern> vars) implements MatcherConfig { }

    record Not(List<MatcherSetConfig> sets) implements MatcherConfig { }

    /** A regexp matcher's {name, pattern}; captures become {http.regexp.name.N}. */
    /** Caddy's {@code file} matcher: the first (or smallest, largest, newest) of {@code tryFiles} that exists under {@code root}. */
    record File(String root, List<String> tryFiles, String tryPolicy, List<String> splitPath) implements MatcherConfig { }

    record NamedPattern(String name, String pattern) { }
}
