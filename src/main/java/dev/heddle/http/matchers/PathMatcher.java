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
    private final List<String> patterns;

    PathMatcher(List<String> lowerCasePatterns) {
        this.patterns = lowerCasePatterns;
    }

    @Override
    public boolean matches(Exchange ex) {
        String decoded = ex.path().toLowerCase(Locale.ROOT);
        for (String pattern : patterns) {
            if (pattern.equals("*")) {
                return true;
            }
            boolean merge = !pattern.contains("//");
            if (pattern.indexOf('%') >= 0) {
                if (EscapedPathMatch.matches(GoPath.caddyClean(ex.rawPath(), merge), pattern)) {
                    return true;
                }
                continue;
            }
            if (matchesOne(pattern, GoPath.caddyClean(decoded, merge))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(String pattern, String path) {
        long stars = pattern.chars().filter(c -> c == '*').count();
        if (stars == 2 && pattern.startsWith("*") && pattern.endsWith("*")) {
            return path.contains(pattern.substring(1, pattern.length() - 1));
        }
        if (stars == 1 && pattern.startsWith("*")) {
            return path.endsWith(pattern.substring(1));
        }
        if (stars == 1 && pattern.endsWith("*")) {
            return path.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return GoPath.match(pattern, path);
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
