package dev.heddle.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Values printed as Go prints them, for placeholders Caddy fills from Go types. */
final class GoText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GoText() {
    }

    /** url.QueryEscape: unreserved bytes kept, space as '+', the rest %XX of their UTF-8 bytes. */
    static String queryEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return out.toString();
    }

    /** time.Duration.String: "0s", "850ns", "1.5µs", "2.000001ms", "1m30.5s", "2h0m0s". */
    static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long n = Math.abs(nanos);
        if (n < 1_000) {
            return sign + n + "ns";
        }
        if (n < 1_000_000) {
            return sign + fraction(n, 1_000) + "µs";
        }
        if (n < 1_000_000_000) {
            return sign + fraction(n, 1_000_000) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long minutes = n / 60_000_000_000L % 60;
        String seconds = fraction(n % 60_000_000_000L, 1_000_000_000) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    /** n / unit with the fraction's trailing zeros dropped ("1.5", "2"). */
    private static String fraction(long n, long unit) {
        return new BigDecimal(n).divide(new BigDecimal(unit)).stripTrailingZeros().toPlainString();
    }

    /** A float64 as Caddy's ToString prints it (strconv 'f', shortest). */
    static String number(double v) {
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
