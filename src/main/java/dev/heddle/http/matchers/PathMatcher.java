package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
import dev.heddle.http.GoPath;
import dev.heddle.http.PathCodec;

import java.util.List;
import java.util.Locale;

/**
 * Caddy's {@code path} matcher (matchers.go, MatchPath): case-insensitive, on the decoded path
 * cleaned of "..", "." and (unless the pattern has "//") doubled slashes; "*" alone, a single
 * leading or trailing "*" (suffix / prefix), "*x*" (substring), else a Go glob. A pattern with
 * "%" is compared in escaped space where it has escapes ("%2F" is not "/").
 */
final class PathMatcher implements RequestMatcher {
    private enum Kind { ANY, ESCAPED, SUBSTRING, SUFFIX, PREFIX, GLOB }

    /** A pattern's shape, worked out once at load instead of on every request. */
    private record Pattern(Kind kind, String text, String needle, boolean mergeSlashes) {
        static Pattern of(String p) {
            boolean merge = !p.contains("//");
            if (p.equals("*")) {
                return new Pattern(Kind.ANY, p, null, merge);
            }
            if (p.indexOf('%') >= 0) {
                return new Pattern(Kind.ESCAPED, p, null, merge);
            }
            long stars = p.chars().filter(c -> c == '*').count();
            if (stars == 2 && p.startsWith("*") && p.endsWith("*")) {
                return new Pattern(Kind.SUBSTRING, p, p.substring(1, p.length() - 1), merge);
            }
            if (stars == 1 && p.startsWith("*")) {
                return new Pattern(Kind.SUFFIX, p, p.substring(1), merge);
            }
            if (stars == 1 && p.endsWith("*")) {
                return new Pattern(Kind.PREFIX, p, p.substring(0, p.length() - 1), merge);
            }
            return new Pattern(Kind.GLOB, p, null, merge);
        }

        boolean matches(CleanedPaths paths) {
            return switch (kind) {
                case ANY -> true;
                case ESCAPED -> EscapedPathMatch.matches(paths.get(true, mergeSlashes), text);
                case SUBSTRING -> paths.get(false, mergeSlashes).contains(needle);
                case SUFFIX -> paths.get(false, mergeSlashes).endsWith(needle);
                case PREFIX -> paths.get(false, mergeSlashes).startsWith(needle);
                case GLOB -> GoPath.match(text, paths.get(false, mergeSlashes));
            };
        }
    }

    /** The request's path cleaned each way its patterns ask for, each at most once per request. */
    private static final class CleanedPaths {
        private final Exchange ex;
        private final String[] cleaned = new String[4];  // decoded merged, decoded kept, raw merged, raw kept

        CleanedPaths(Exchange ex) {
            this.ex = ex;
        }

        /** @param raw the escaped path (for patterns with "%"), else the decoded one, lower-cased */
        String get(boolean raw, boolean mergeSlashes) {
            int i = (raw ? 2 : 0) + (mergeSlashes ? 0 : 1);
            if (cleaned[i] == null) {
                String path = raw ? ex.rawPath() : ex.path().toLowerCase(Locale.ROOT);
                cleaned[i] = GoPath.caddyClean(path, mergeSlashes);
            }
            return cleaned[i];
        }
    }

    private final List<Pattern> patterns;

    PathMatcher(List<String> lowerCasePatterns) {
        this.patterns = lowerCasePatterns.stream().map(Pattern::of).toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        CleanedPaths paths = new CleanedPaths(ex);
        for (Pattern p : patterns) {
            if (p.matches(paths)) {
                return true;
            }
        }
        return false;
    }

    /** Caddy's matchPatternWithEscapeSequence: escaped where the pattern escapes, decoded elsewhere. */
    static final class EscapedPathMatch {
        private EscapedPathMatch() {
        }

        static boolean matches(String escapedPath, String pattern) {
            String path = escapedPath.toLowerCase(Locale.ROOT);
            StringBuilder sb = new StringBuilder();
            int ip = 0;
            int is = 0;
            while (ip < pattern.length() && is < path.length()) {
                String pathCh = String.valueOf(path.charAt(is));
                String escaped = "";
                if (pathCh.equals("%") && is + 3 <= path.length()) {
                    escaped = path.substring(is, is + 3);
                    pathCh = PathCodec.decode(escaped);
                    is += 2;
                }
                char pc = pattern.charAt(ip);
                boolean normalize = true;
                boolean wildcard = pc == '*';
                if (pc == '%') {
                    if (ip + 2 < pattern.length() && pattern.charAt(ip + 1) != '*') {
                        sb.append(escaped);
                        is++;
                        ip += 3;
                        continue;
                    }
                    ip++;
                    normalize = false;
                    wildcard = true;
                }
                if (wildcard) {
                    String remaining = path.substring(is);
                    int until = remaining.length();
                    if (ip < pattern.length() - 1) {
                        until = remaining.indexOf(pattern.charAt(ip + 1));
                        if (until < 0) {
                            return false;
                        }
                    }
                    String next = remaining.substring(0, until);
                    sb.append(normalize ? PathCodec.decode(next) : next);
                    is += until;
                } else {
                    sb.append(pathCh);
                    is++;
                }
                ip++;
            }
            if (is < path.length()) {
                sb.append(PathCodec.decode(path.substring(is)));
            }
            return GoPath.match(pattern.replace("%*", "*"), sb.toString().toLowerCase(Locale.ROOT));
        }
    }
}
