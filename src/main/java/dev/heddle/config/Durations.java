package dev.heddle.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Caddy's duration syntax: Go's {@code time.ParseDuration} ("300ms", "1.5h", "2h45m", "-1s")
 * plus Caddy's "d" for days (caddy.ParseDuration).
 */
public final class Durations {
    private Durations() {
    }

    public static Duration parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw bad(text);
            }
            BigDecimal number;
            try {
                number = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw bad(text);
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = unitNanos(s.substring(unitStart, i), text);
            nanos = nanos.add(number.multiply(BigDecimal.valueOf(unit)));
            any = true;
        }
        if (!any) {
            throw bad(text);
        }
        long n = nanos.longValue();
        return Duration.ofNanos(negative ? -n : n);
    }

    private static long unitNanos(String unit, String text) {
        long nanos = nanosPerUnit(unit);
        if (nanos > 0) {
            return nanos;
        }
        throw new IllegalArgumentException(unit.isEmpty() ? "\"" + text + "\" is missing a unit (ns, us, ms, s, m, h, d)"
                : "\"" + text + "\" has an unknown unit \"" + unit + "\"");
    }

    /** Nanoseconds in one of Go's duration units (and Caddy's "d"); -1 for anything else. */
    public static long nanosPerUnit(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> -1L;
        };
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration such as \"250ms\", \"1m30s\" or \"1d\"");
    }
}
