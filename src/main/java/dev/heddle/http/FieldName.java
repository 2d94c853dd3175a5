package dev.heddle.http;

/**
 * Well-known header field names, each with a small number (its id) so that a name is compared
 * case-insensitively once, when a field is made, and afterwards as an int: a request's fields
 * are looked up a dozen times on the way through the proxy, and browsers send 10 to 30 of them.
 * A name not in this list has id {@link #UNKNOWN} and is compared as a string.
 */
public final class FieldName {
    public static final int UNKNOWN = -1;

    // The ids the server and the proxy act on; the rest of NAMES only spare a string per field.
    public static final int HOST = 0;
    public static final int CONTENT_LENGTH = 1;
    public static final int TRANSFER_ENCODING = 2;
    public static final int CONNECTION = 3;
    public static final int EXPECT = 4;
    public static final int UPGRADE = 5;
    public static final int TE = 6;
    public static final int TRAILER = 7;
    public static final int KEEP_ALIVE = 8;
    public static final int PROXY_CONNECTION = 9;
    public static final int PROXY_AUTHENTICATE = 10;
    public static final int PROXY_AUTHORIZATION = 11;
    public static final int ALT_SVC = 12;
    public static final int X_FORWARDED_FOR = 13;
    public static final int X_FORWARDED_PROTO = 14;
    public static final int X_FORWARDED_HOST = 15;
    public static final int DATE = 16;

    /** Written as most clients and servers write them: a field spelled so reuses this string. */
    private static final String[] NAMES = {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Expect", "Upgrade", "Te", "Trailer",
        "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "Alt-Svc",
        "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Date",
        "Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Age", "Authorization",
        "Cache-Control", "Content-Encoding", "Content-Type", "Content-Range", "Cookie", "DNT",
        "ETag", "Expires", "Forwarded", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
        "If-Unmodified-Since", "Last-Modified", "Location", "Origin", "Pragma", "Priority", "Range",
        "Referer", "Sec-Ch-Ua", "Sec-Ch-Ua-Mobile", "Sec-Ch-Ua-Platform", "Sec-Fetch-Dest",
        "Sec-Fetch-Mode", "Sec-Fetch-Site", "Sec-Fetch-User", "Sec-WebSocket-Key", "Sec-WebSocket-Version",
        "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Server",
        "Set-Cookie", "Strict-Transport-Security", "Upgrade-Insecure-Requests", "User-Agent", "Vary",
        "Via", "WWW-Authenticate", "X-Content-Type-Options", "X-Frame-Options", "X-Real-IP",
        "X-Requested-With", "Content-Security-Policy", "Access-Control-Allow-Origin",
    };

    /** Open addressing over the case-folded hash; a slot holds id + 1, 0 is empty. */
    private static final short[] SLOTS = new short[512];
    private static final byte[][] LOWER = new byte[NAMES.length][];

    static {
        for (int id = 0; id < NAMES.length; id++) {
            String name = NAMES[id];
            LOWER[id] = new byte[name.length()];
            int h = 0;
            for (int i = 0; i < name.length(); i++) {
                LOWER[id][i] = (byte) Character.toLowerCase(name.charAt(i));
                h = step(h, name.charAt(i));
            }
            int slot = h & (SLOTS.length - 1);
            while (SLOTS[slot] != 0) {
                slot = (slot + 1) & (SLOTS.length - 1);
            }
            SLOTS[slot] = (short) (id + 1);
        }
    }

    private FieldName() {
    }

    /**
     * One step of the case-folded hash: a letter counts in either case. Other characters are
     * folded too, into characters no name here has; {@link #same} tells them apart.
     */
    public static int step(int hash, int c) {
        return 31 * hash + (c | 0x20);
    }

    /**
     * The id of a name given as a string (any case), or UNKNOWN: a pass over its characters and
     * a probe or two (names come from upstreams and configs as new strings, so a map keyed by
     * the string would hash them anyway).
     */
    public static int id(String name) {
        int h = 0;
        for (int i = 0; i < name.length(); i++) {
            h = step(h, name.charAt(i));
        }
        for (int slot = h & (SLOTS.length - 1); SLOTS[slot] != 0; slot = (slot + 1) & (SLOTS.length - 1)) {
            int id = SLOTS[slot] - 1;
            byte[] lower = LOWER[id];
            if (lower.length == name.length() && same(lower, name)) {
                return id;
            }
        }
        return UNKNOWN;
    }

    /** The id of the name in {@code b[from, to)} whose {@link #step} hash is {@code hash}, or UNKNOWN. */
    public static int id(int hash, byte[] b, int from, int to) {
        for (int slot = hash & (SLOTS.length - 1); SLOTS[slot] != 0; slot = (slot + 1) & (SLOTS.length - 1)) {
            int id = SLOTS[slot] - 1;
            byte[] lower = LOWER[id];
            if (lower.length == to - from && same(lower, b, from)) {
                return id;
            }
        }
        return UNKNOWN;
    }

    /** How many names the list holds (ids 0 to count - 1). */
    static int count() {
        return NAMES.length;
    }

    /** The name as this list spells it. */
    public static String spelling(int id) {
        return NAMES[id];
    }

    /** Whether {@code b[from, from + length)} is spelled exactly as the list spells the id. */
    public static boolean spelledAsListed(int id, byte[] b, int from) {
        String name = NAMES[id];
        for (int i = 0; i < name.length(); i++) {
            if (b[from + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(byte[] lower, String name) {
        for (int i = 0; i < lower.length; i++) {
            if (!sameChar(lower[i], name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(byte[] lower, byte[] b, int from) {
        for (int i = 0; i < lower.length; i++) {
            if (!sameChar(lower[i], b[from + i] & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** {@code c} is the lower-case {@code l} in either case; names here hold letters, digits and '-'. */
    private static boolean sameChar(byte l, int c) {
        return c == l || (l >= 'a' && l <= 'z' && c == l - 0x20);
    }
}
