package dev.heddle.http.matchers;

import dev.heddle.config.MatcherConfig;
import dev.heddle.config.MatcherSetConfig;

import java.util.HashSet;
import java.util.List;

/**
 * Compiles matcher configs, once per load: a set is the AND of its matchers, a route's list
 * the OR of its sets. The switch is exhaustive over the sealed {@link MatcherConfig}.
 */
public final class Matchers {
    private Matchers() {
    }

    /** OR of the sets; no sets at all matches every request. */
    public static RequestMatcher compileAny(List<MatcherSetConfig> sets) {
        if (sets.isEmpty()) {
            return ex -> true;
        }
        List<RequestMatcher> compiled = sets.stream().map(Matchers::compile).toList();
        if (compiled.size() == 1) {
            return compiled.get(0);
        }
        return ex -> {
            for (RequestMatcher m : compiled) {
                if (m.matches(ex)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** AND of the set's matchers. */
    public static RequestMatcher compile(MatcherSetConfig set) {
        List<RequestMatcher> all = set.matchers().stream().map(Matchers::compile).toList();
        if (all.size() == 1) {
            return all.get(0);
        }
        return ex -> {
            for (RequestMatcher m : all) {
                if (!m.matches(ex)) {
                    return false;
                }
            }
            return true;
        };
    }

    static RequestMatcher compile(MatcherConfig c) {
        return switch (c) {
            case MatcherConfig.Host h -> new HostMatcher(h.hosts());
            case MatcherConfig.Path p -> new PathMatcher(p.patterns());
            case MatcherConfig.PathRegexp r -> new PathRegexpMatcher(r.name(), r.pattern());
            case MatcherConfig.Method m -> new MethodMatcher(new HashSet<>(m.methods()));
            case MatcherConfig.Header h -> new HeaderMatcher(h.fields());
            case MatcherConfig.HeaderRegexp h -> new HeaderRegexpMatcher(h.fields());
            case MatcherConfig.Query q -> new QueryMatcher(q.params());
            case MatcherConfig.RemoteIp r -> new IpMatcher(r.ranges(), false);
            case MatcherConfig.ClientIp r -> new IpMatcher(r.ranges(), true);
            case MatcherConfig.Protocol p -> new ProtocolMatcher(p.protocol());
            case MatcherConfig.Vars v -> new VarsMatcher(v.values());
            case MatcherConfig.VarsRegexp v -> new VarsRegexpMatcher(v.vars());
            case MatcherConfig.File f -> new FileMatcher(f);
            case MatcherConfig.Not n -> {
                RequestMatcher any = compileAny(n.sets());
                yield ex -> !any.matches(ex);
            }
        };
    }
}
