package dev.heddle.tls;

import javax.net.ssl.SNIHostName;
import java.util.Locale;

/**
 * The host name of a ClientHello's server_name extension (RFC 6066 §3), read from the raw
 * handshake message (RFC 8446 §4.1.2 layout, the same for TLS 1.2). Every length is checked
 * against the bytes present: a truncated or malformed message gives no name, never an exception.
 */
final class SniExtension {
    private static final int SERVER_NAME = 0;
    private static final int HOST_NAME = 0;

    private SniExtension() {
    }

    /** The host name as the JDK reports it (ASCII, lower-cased); null when absent, unreadable or not a valid name. */
    static String serverName(byte[] h) {
        if (h.length < 4 || h[0] != 1) {
            return null;
        }
        int end = Math.min(h.length, 4 + u24(h, 1));
        int pos = 4 + 2 + 32;  // legacy_version, random
        pos = skip(h, pos, end, 1);  // legacy_session_id
        pos = skip(h, pos, end, 2);  // cipher_suites
        pos = skip(h, pos, end, 1);  // legacy_compression_methods
        if (pos < 0 || pos + 2 > end) {
            return null;  // no extensions
        }
        int extensionsEnd = Math.min(end, pos + 2 + u16(h, pos));
        pos += 2;
        while (pos + 4 <= extensionsEnd) {
            int type = u16(h, pos);
            int length = u16(h, pos + 2);
            pos += 4;
            if (pos + length > extensionsEnd) {
                return null;
            }
            if (type == SERVER_NAME) {
                return hostName(h, pos, pos + length);
            }
            pos += length;
        }
        return null;
    }

    /** The first host_name entry of a server_name_list in {@code h[from, to)}. */
    private static String hostName(byte[] h, int from, int to) {
        if (from + 2 > to) {
            return null;
        }
        int listEnd = Math.min(to, from + 2 + u16(h, from));
        int pos = from + 2;
        while (pos + 3 <= listEnd) {
            int type = h[pos] & 0xFF;
            int length = u16(h, pos + 1);
            pos += 3;
            if (pos + length > listEnd) {
                return null;
            }
            if (type == HOST_NAME) {
                try {
                    return new SNIHostName(java.util.Arrays.copyOfRange(h, pos, pos + length)).getAsciiName().toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    return null;  // the JDK refuses such a name too
                }
            }
            pos += length;
        }
        return null;
    }

    /** The position after a vector with a {@code lengthBytes}-byte length at {@code pos}; -1 when it does not fit. */
    private static int skip(byte[] h, int pos, int end, int lengthBytes) {
        if (pos < 0 || pos + lengthBytes > end) {
            return -1;
        }
        int length = lengthBytes == 1 ? h[pos] & 0xFF : u16(h, pos);
        int next = pos + lengthBytes + length;
        return next > end ? -1 : next;
    }

    private static int u16(byte[] h, int pos) {
        return ((h[pos] & 0xFF) << 8) | (h[pos + 1] & 0xFF);
    }

    private static int u24(byte[] h, int pos) {
        return ((h[pos] & 0xFF) << 16) | ((h[pos + 1] & 0xFF) << 8) | (h[pos + 2] & 0xFF);
    }
}
