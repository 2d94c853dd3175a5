package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;
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

        boolean matches(String path) {
            return switch (kind) {
                case SUBSTRING -> path.contains(needle);
                case SUFFIX -> path.endsWith(needle);
                case PREFIX -> path.startsWith(needle);
                default -> GoPath.match(text, path);
            };
        }
    }

    private final List<Pattern> patterns;

    PathMatcher(List<String> lowerCasePatterns) {
        this.patterns = lowerCasePatterns.stream().map(Pattern::of).toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        String decoded = null;
        String merged = null;  // the decoded path cleaned, "//" merged (most patterns)
        String kept = null;    // ... with "//" kept (patterns that contain "//")
        for (Pattern p : patterns) {
            if (p.kind() == Kind.ANY) {
                return true;
            }
            if (p.kind() == Kind.ESCAPED) {
                if (EscapedPathMatch.matches(GoPath.caddyClean(ex.rawPath(), p.mergeSlashes()), p.text())) {
                    return true;
                }
                continue;
            }
            if (decoded == null) {
                decoded = ex.path().toLowerCase(Locale.ROOT);
            }
            String path;
            if (p.mergeSlashes()) {
                path = merged == null ? (merged = GoPath.caddyClean(decoded, true)) : merged;
            } else {
                path = kept == null ? (kept = GoPath.caddyClean(decoded, false)) : kept;
            }
            if (p.matches(path)) {
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
