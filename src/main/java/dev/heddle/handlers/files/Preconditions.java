package dev.heddle.handlers.files;

import dev.heddle.http.Exchange;

/**
 * RFC 9110 §13.2.2 conditionals in Go's order ({@code checkPreconditions} in net/http fs.go):
 * If-Match, else If-Unmodified-Since (412 when false); If-None-Match, else If-Modified-Since
 * (304 for GET/HEAD, 412 otherwise); then If-Range decides whether Range counts.
 */
final class Preconditions {
    enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private enum Cond { NONE, TRUE, FALSE }

    private Preconditions() {
    }

    /**
     * @param etag    the response's ETag, or null
     * @param modTime the file's modification time in epoch seconds, or -1 when it is not useful
     */
    static Outcome check(Exchange ex, String etag, long modTime) {
        Cond c = ifMatch(ex.header("If-Match"), etag);
        if (c == Cond.NONE) {
            c = ifUnmodifiedSince(ex.header("If-Unmodified-Since"), modTime);
        }
        if (c == Cond.FALSE) {
            return Outcome.PRECONDITION_FAILED;
        }
        boolean getOrHead = isGetOrHead(ex);
        switch (ifNoneMatch(ex.header("If-None-Match"), etag)) {
            case FALSE -> {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
            case NONE -> {
                if (getOrHead && ifModifiedSince(ex.header("If-Modified-Since"), modTime) == Cond.FALSE) {
                    return Outcome.NOT_MODIFIED;
                }
            }
            default -> {
            }
        }
        return Outcome.PROCEED;
    }

    /** Whether the request's Range applies: no If-Range, or one that still names this representation. */
    static boolean rangeApplies(Exchange ex, String etag, long modTime) {
        String ir = ex.header("If-Range");
        if (!isGetOrHead(ex) || ir == null || ir.isEmpty()) {
            return true;
        }
        String[] tag = scan(ir);
        if (tag != null) {
            return strongMatch(tag[0], etag);
        }
        if (modTime < 0) {
            return false;
        }
        Long t = HttpDates.parse(ir.strip());
        return t != null && t == modTime;
    }

    private static boolean isGetOrHead(Exchange ex) {
        return ex.method().equals("GET") || ex.method().equals("HEAD");
    }

    private static Cond ifMatch(String header, String etag) {
        if (header == null || header.isEmpty()) {
            return Cond.NONE;
        }
        return anyTag(header, t -> strongMatch(t, etag)) ? Cond.TRUE : Cond.FALSE;
    }

    private static Cond ifNoneMatch(String header, String etag) {
        if (header == null || header.isEmpty()) {
            return Cond.NONE;
        }
        return anyTag(header, t -> weakMatch(t, etag)) ? Cond.FALSE : Cond.TRUE;
    }

    private static Cond ifUnmodifiedSince(String header, long modTime) {
        Long t = header == null || header.isEmpty() || modTime < 0 ? null : HttpDates.parse(header);
        if (t == null) {
            return Cond.NONE;
        }
        return modTime <= t ? Cond.TRUE : Cond.FALSE;
    }

    private static Cond ifModifiedSince(String header, long modTime) {
        Long t = header == null || header.isEmpty() || modTime < 0 ? null : HttpDates.parse(header);
        if (t == null) {
            return Cond.NONE;
        }
        return modTime <= t ? Cond.FALSE : Cond.TRUE;
    }

    /** Walks a list of entity tags; "*" matches anything; a malformed tag ends the walk. */
    private static boolean anyTag(String list, java.util.function.Predicate<String> matches) {
        String rest = list;
        while (true) {
            rest = rest.strip();
            if (rest.isEmpty()) {
                return false;
            }
            if (rest.charAt(0) == ',') {
                rest = rest.substring(1);
                continue;
            }
            if (rest.charAt(0) == '*') {
                return true;
            }
            String[] tag = scan(rest);
            if (tag == null) {
                return false;
            }
            if (matches.test(tag[0])) {
                return true;
            }
            rest = tag[1];
        }
    }

    /** Go's scanETag: a (possibly weak) quoted tag at the start, and what follows it; null when there is none. */
    static String[] scan(String s) {
        s = s.strip();
        int start = s.startsWith("W/") ? 2 : 0;
        if (s.length() - start < 2 || s.charAt(start) != '"') {
            return null;
        }
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return new String[] {s.substring(0, i + 1), s.substring(i + 1)};
            }
            if (!(c == 0x21 || c >= 0x23 && c <= 0x7E || c >= 0x80)) {
                return null;
            }
        }
        return null;
    }

    private static boolean strongMatch(String a, String b) {
        return b != null && a.equals(b) && !a.isEmpty() && a.charAt(0) == '"';
    }

    private static boolean weakMatch(String a, String b) {
        return b != null && strip(a).equals(strip(b));
    }

    private static String strip(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
