package dev.heddle.server.http1;

/**
 * {@code method SP request-target SP HTTP-version} (RFC 9112 §3), parsed from the bytes of the
 * line without its line end. {@code authority} is the target's own (absolute-form or CONNECT's
 * authority-form), null for origin-form and {@code *}.
 */
record RequestLine(String method, String target, int minorVersion, String rawPath, String rawQuery,
                   String authority) {

    /** RFC 3986 reg-name, IP-literal and port bytes: unreserved, pct-encoded, sub-delims, ':', '[', ']'. */
    private static final boolean[] AUTHORITY = new boolean[256];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c : ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                + "-._~%!$&'()*+,;=:[]").toCharArray()) {
            AUTHORITY[c] = true;
        }
    }

    static RequestLine parse(byte[] b, int from, int to) {
        int sp1 = indexOf(b, from, to, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, to, (byte) ' ');
        if (sp2 < 0) {
            throw bad("The request line is malformed.");
        }
        String method = method(b, from, sp1);
        int minor = minorVersion(b, sp2 + 1, to);
        return target(method, minor, b, sp1 + 1, sp2);
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** A token (RFC 9110 §9.1); the common methods without a new String. */
    private static String method(byte[] b, int from, int to) {
        if (from == to) {
            throw bad("The request line is malformed.");
        }
        for (int i = from; i < to; i++) {
            if (!FieldSection.isTchar(b[i])) {
                throw bad("The request method is not a token.");
            }
        }
        String m = FieldSection.latin1(b, from, to);
        return switch (m) {
            case "GET" -> "GET";
            case "POST" -> "POST";
            case "HEAD" -> "HEAD";
            case "PUT" -> "PUT";
            case "DELETE" -> "DELETE";
            case "OPTIONS" -> "OPTIONS";
            case "CONNECT" -> "CONNECT";
            case "PATCH" -> "PATCH";
            default -> m;
        };
    }

    /**
     * {@code HTTP/1.0} is 0, {@code HTTP/1.1} to {@code HTTP/1.9} are 1 (Go serves 1.x as 1.1);
     * major 2 to 9 is a 505 (Go: http1ServerSupportsRequest); anything else is malformed.
     */
    private static int minorVersion(byte[] b, int from, int to) {
        if (to - from != 8 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T' || b[from + 3] != 'P'
                || b[from + 4] != '/' || !digit(b[from + 5]) || b[from + 6] != '.' || !digit(b[from + 7])) {
            throw bad("The HTTP version is malformed.");
        }
        int major = b[from + 5] - '0';
        if (major >= 2) {
            throw new BadRequestException(505, "This server speaks HTTP/1.x only.");
        }
        if (major != 1) {
            throw bad("The HTTP version is malformed.");
        }
        return b[from + 7] == '0' ? 0 : 1;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9112 §3.2: origin-form, absolute-form, asterisk-form (OPTIONS), authority-form (CONNECT). */
    private static RequestLine target(String method, int minor, byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c <= 0x20 || c == 0x7F) {
                throw bad("The request target contains a control character.");
            }
        }
        String target = FieldSection.latin1(b, from, to);
        if (b[from] == '/') {
            return pathAndQuery(method, target, minor, b, from, to, null);
        }
        if (to - from == 1 && b[from] == '*') {
            if (!method.equals("OPTIONS")) {
                throw bad("Only OPTIONS takes the target *.");
            }
            return new RequestLine(method, target, minor, "*", "", null);
        }
        int scheme = schemeLength(b, from, to);
        if (scheme > 0) {
            return absoluteForm(method, target, minor, b, from + scheme, to);
        }
        if (method.equals("CONNECT")) {
            return new RequestLine(method, target, minor, "", "", authorityForm(b, from, to));
        }
        throw bad("The request target is malformed.");
    }

    /** The length of a leading {@code http://} or {@code https://} (scheme case-insensitive), else 0. */
    private static int schemeLength(byte[] b, int from, int to) {
        int n = to - from;
        if (n < 7 || (b[from] | 0x20) != 'h' || (b[from + 1] | 0x20) != 't' || (b[from + 2] | 0x20) != 't'
                || (b[from + 3] | 0x20) != 'p') {
            return 0;
        }
        int i = from + 4;
        if ((b[i] | 0x20) == 's') {
            i++;
        }
        return i + 3 <= to && b[i] == ':' && b[i + 1] == '/' && b[i + 2] == '/' ? i + 3 - from : 0;
    }

    /** RFC 9112 §3.2.2; the authority runs to the next '/', '?' or the end, an empty path is "/". */
    private static RequestLine absoluteForm(String method, String target, int minor, byte[] b, int from, int to) {
        int end = from;
        while (end < to && b[end] != '/' && b[end] != '?') {
            end++;
        }
        String authority = authority(b, from, end);
        if (end == to) {
            return new RequestLine(method, target, minor, "/", "", authority);
        }
        if (b[end] == '?') {
            return new RequestLine(method, target, minor, "/", FieldSection.latin1(b, end + 1, to), authority);
        }
        return pathAndQuery(method, target, minor, b, end, to, authority);
    }

    /**
     * A non-empty host (RFC 9110 §4.2.1: an http URI with an empty host MUST be rejected) of
     * authority bytes only; userinfo is refused (RFC 9110 §4.2.4 says to treat it as an error).
     */
    /** Whether a Host field's value is made of authority bytes only (Go: "malformed Host header"; empty is allowed). */
    static boolean validHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c > 0xFF || !AUTHORITY[c]) {
                return false;
            }
        }
        return true;
    }

    private static String authority(byte[] b, int from, int to) {
        if (from == to) {
            throw bad("The request target has an empty host.");
        }
        for (int i = from; i < to; i++) {
            if (!AUTHORITY[b[i] & 0xFF]) {
                throw bad("The request target's authority is malformed.");
            }
        }
        return FieldSection.latin1(b, from, to);
    }

    /**
     * CONNECT's authority-form, {@code uri-host ":" port} (RFC 9112 §3.2.3). CONNECT with an
     * origin-form or absolute-form target is taken as those forms, as Go takes it.
     */
    private static String authorityForm(byte[] b, int from, int to) {
        int colon = to - 1;
        while (colon >= from && digit(b[colon])) {
            colon--;
        }
        int portDigits = to - 1 - colon;
        if (colon <= from || b[colon] != ':' || portDigits < 1 || portDigits > 5) {
            throw bad("CONNECT needs a host:port target.");
        }
        return authority(b, from, to);
    }

    /** Splits at the first '?'; path bytes above 0x7F are percent-encoded, the query's kept as received. */
    private static RequestLine pathAndQuery(String method, String target, int minor, byte[] b, int from, int to,
                                            String authority) {
        int q = indexOf(b, from, to, (byte) '?');
        int pathEnd = q < 0 ? to : q;
        String path = encodedPath(b, from, pathEnd);
        String query = q < 0 ? "" : FieldSection.latin1(b, q + 1, to);
        return new RequestLine(method, target, minor, path, query, authority);
    }

    private static String encodedPath(byte[] b, int from, int to) {
        int high = 0;
        for (int i = from; i < to; i++) {
            high += (b[i] >>> 31);  // 1 for a byte above 0x7F (negative as a signed byte)
        }
        if (high == 0) {
            return FieldSection.latin1(b, from, to);
        }
        StringBuilder s = new StringBuilder(to - from + 2 * high);
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                s.append((char) c);
            } else {
                s.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return s.toString();
    }

    private static BadRequestException bad(String reason) {
        return new BadRequestException(400, reason);
    }
}
