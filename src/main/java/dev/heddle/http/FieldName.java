package dev.heddle.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Well-known header field names, each with a small number (its id) so that a name is compared
 * case-insensitively once, when a field is made, and afterwards as an int: a request's fields
 * are looked up a dozen times on the way through the proxy, and browsers send 10 to 30 of them.
 * A name not in this list has id {@link #UNKNOWN} and is compared as a string. Case is folded
 * for ASCII letters only, as Go's textproto does (field names are tokens).
 */
public final class FieldName {
    public static final int UNKNOWN = -1;

    // The ids the server and the proxy act on; the rest of NAMES only save a string per field.
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

    /** Open addressing from {@link #slot}; a slot holds id + 1, 0 is empty. */
    private static final short[] SLOTS = new short[512];
    /** Keeps the top log2(SLOTS.length) bits of the mixed hash. */
    private static final int SHIFT = Integer.numberOfLeadingZeros(SLOTS.length - 1);
    private static final byte[][] LOWER = new byte[NAMES.length][];
    private static final byte[][] SPELLED = new byte[NAMES.length][];

    static {
        for (int id = 0; id < NAMES.length; id++) {
            String name = NAMES[id];
            LOWER[id] = new byte[name.length()];
            SPELLED[id] = name.getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < name.length(); i++) {
                LOWER[id][i] = (byte) Character.toLowerCase(name.charAt(i));
            }
            int slot = slot(name.length(), name.charAt(0), name.charAt(name.length() - 1));
            while (SLOTS[slot] != 0) {
                slot = (slot + 1) & (SLOTS.length - 1);
            }
            SLOTS[slot] = (short) (id + 1);
        }
    }

    private FieldName() {
    }

    /**
     * Where a name's probe starts: from its length and its first and last characters, folded
     * to lower case (so no pass over the name; {@link #same} then compares the one or two
     * names found there). Other characters are folded too, into ones no listed name has.
     */
    private static int slot(int length, int first, int last) {
        int h = (length * 31 + (first | 0x20)) * 31 + (last | 0x20);
        return (h * 0x9E3779B1) >>> SHIFT;
    }

    /** The id of a name given as a string (any case), or UNKNOWN. */
    public static int id(String name) {
        int n = name.length();
        if (n == 0) {
            return UNKNOWN;
        }
        for (int slot = slot(n, name.charAt(0), name.charAt(n - 1)); SLOTS[slot] != 0; slot = (slot + 1) & (SLOTS.length - 1)) {
            int id = SLOTS[slot] - 1;
            byte[] lower = LOWER[id];
            if (lower.length == n && (NAMES[id].equals(name) || same(lower, name))) {
                return id;
            }
        }
        return UNKNOWN;
    }

    /** The id of the name in {@code b[from, to)} (not empty), or UNKNOWN. */
    public static int id(byte[] b, int from, int to) {
        int n = to - from;
        for (int slot = slot(n, b[from] & 0xFF, b[to - 1] & 0xFF); SLOTS[slot] != 0; slot = (slot + 1) & (SLOTS.length - 1)) {
            int id = SLOTS[slot] - 1;
            byte[] lower = LOWER[id];
            if (lower.length == n && (Arrays.equals(b, from, to, SPELLED[id], 0, n) || same(lower, b, from))) {
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
        byte[] spelled = SPELLED[id];
        return Arrays.equals(b, from, from + spelled.length, spelled, 0, spelled.length);
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
