package dev.heddle.http;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Go's {@code path.Clean} and {@code path.Match}, which Caddy's path matcher is defined by,
 * plus Caddy's {@code CleanPath} (trailing slash kept; merging of "//" optional).
 */
public final class GoPath {
    private GoPath() {
    }

    /** Caddy's CleanPath (caddyhttp.go): with {@code mergeSlashes} false, "//" survives cleaning. */
    public static String caddyClean(String p, boolean mergeSlashes) {
        return isClean(p, !mergeSlashes) ? p : cleaned(p, mergeSlashes);  // most paths: no allocation
    }

    /** caddyClean the long way, for any path. */
    public static String cleaned(String p, boolean mergeSlashes) {
        if (mergeSlashes) {
            return cleanKeepingTrailingSlash(p);
        }
        StringBuilder sb = new StringBuilder(p.length() + 4);
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '/' && i > 0 && p.charAt(i - 1) == '/') {
                sb.append('\uFFFF');  // holds the empty segment through cleaning
            }
            sb.append(c);
        }
        return cleanKeepingTrailingSlash(sb.toString()).replace("\uFFFF", "");
    }

    /**
     * True when cleaning would return {@code p} unchanged: rooted, with no "." or ".." segment
     * and no empty one (but a trailing slash, which cleaning keeps, or any when they are kept).
     */
    public static boolean isClean(String p, boolean keepEmptySegments) {
        if (p.isEmpty() || p.charAt(0) != '/' || p.indexOf('\uFFFF') >= 0) {
            return false;
        }
        int start = 1;
        for (int i = 1; i <= p.length(); i++) {
            if (i < p.length() && p.charAt(i) != '/') {
                continue;
            }
            int len = i - start;
            if (len == 0 && !keepEmptySegments && i < p.length()
                    || len == 1 && p.charAt(start) == '.'
                    || len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.') {
                return false;
            }
            start = i + 1;
        }
        return true;
    }

    private static String cleanKeepingTrailingSlash(String p) {
        if (p.isEmpty()) {
            return "/";
        }
        String q = p.charAt(0) == '/' ? p : "/" + p;
        String cleaned = clean(q);
        return q.endsWith("/") && !cleaned.equals("/") ? cleaned + "/" : cleaned;
    }

    /** Go's path.Clean for a rooted path. */
    public static String clean(String p) {
        Deque<String> parts = new ArrayDeque<>();
        for (String seg : p.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(seg);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** Go's path.Match: '*' (no '/'), '?', '[...]' classes with ranges and '^'/'!' negation, '\' escapes. */
    public static boolean match(String pattern, String name) {
        return match(pattern, 0, name, 0);
    }

    private static boolean match(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            switch (c) {
                case '*' -> {
                    for (int k = si; ; k++) {
                        if (match(p, pi + 1, s, k)) {
                            return true;
                        }
                        if (k >= s.length() || s.charAt(k) == '/') {
                            return false;
                        }
                    }
                }
                case '?' -> {
                    if (si >= s.length() || s.charAt(si) == '/') {
                        return false;
                    }
                    pi++;
                    si++;
                }
                case '[' -> {
                    int end = classEnd(p, pi);
                    if (end < 0 || si >= s.length() || s.charAt(si) == '/' || !inClass(p, pi + 1, end, s.charAt(si))) {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                }
                default -> {
                    if (c == '\\' && pi + 1 < p.length()) {
                        pi++;
                        c = p.charAt(pi);
                    }
                    if (si >= s.length() || s.charAt(si) != c) {
                        return false;
                    }
                    pi++;
                    si++;
                }
            }
        }
        return si == s.length();
    }

    private static int classEnd(String p, int open) {
        for (int i = open + 1; i < p.length(); i++) {
            if (p.charAt(i) == '\\') {
                i++;
            } else if (p.charAt(i) == ']' && i > open + 1) {
                return i;
            }
        }
        return -1;
    }

    private static boolean inClass(String p, int from, int end, char ch) {
        boolean negate = from < end && (p.charAt(from) == '^' || p.charAt(from) == '!');
        int i = negate ? from + 1 : from;
        boolean found = false;
        while (i < end) {
            char lo = p.charAt(i) == '\\' ? p.charAt(++i) : p.charAt(i);
            char hi = lo;
            if (i + 2 < end && p.charAt(i + 1) == '-') {
                hi = p.charAt(i + 2) == '\\' ? p.charAt(i + 3) : p.charAt(i + 2);
                i += p.charAt(i + 2) == '\\' ? 3 : 2;
            }
            found |= lo <= ch && ch <= hi;
            i++;
        }
        return found != negate;
    }

    /** Go's path.Base: the last element, trailing slashes dropped ("/" for only slashes, "." for ""). */
    public static String base(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        int end = p.length();
        while (end > 0 && p.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return "/";
        }
        return p.substring(p.lastIndexOf('/', end - 1) + 1, end);
    }

    /** Go's path.Ext: from the last dot of the last element, or "". */
    public static String ext(String p) {
        for (int i = p.length() - 1; i >= 0 && p.charAt(i) != '/'; i--) {
            if (p.charAt(i) == '.') {
                return p.substring(i);
            }
        }
        return "";
    }

    /**
     * Caddy's SanitizedPathJoin: the request path cleaned as if rooted (so ".." cannot climb out)
     * and joined under the root ("." when empty); a trailing slash on the request path is kept.
     */
    public static String sanitizedJoin(String root, String requestPath) {
        String base = root.isEmpty() ? "." : root;
        String rel = clean("/" + requestPath).substring(1);
        // Go's filepath.Join: cleaned, and a relative root stays relative ("." + "x" is "x")
        String joined = rel.isEmpty() ? base : java.nio.file.Path.of(base).resolve(rel).normalize().toString();
        if (requestPath.endsWith("/") && requestPath.length() > 1 && !joined.endsWith("/")) {
            joined += "/";
        }
        return joined;
    }
}
