package dev.heddle.caddyfile;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Caddy's value forms: durations (Go's time.ParseDuration plus {@code d} for days, printed as
 * integer nanoseconds) and byte sizes (go-humanize ParseBytes: decimal units, {@code 1MB} =
 * 1000000, {@code 1MiB} = 1048576).
 */
final class Units {
    private Units() {
    }

    static long duration(Dispenser d, String text) throws CaddyfileException {
        try {
            return durationNanos(text);
        } catch (IllegalArgumentException e) {
            throw d.err("bad duration value '" + text + "': " + e.getMessage());
        }
    }

    static long durationNanos(String s) {
        String orig = s;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
        }
        boolean neg = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
            }
            BigDecimal num;
            try {
                num = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
            }
            int us = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String unit = s.substring(us, i);
            long mult = dev.heddle.config.Durations.nanosPerUnit(unit);
            if (mult < 0) {
                throw new IllegalArgumentException(unit.isEmpty() ? "time: missing unit in duration \"" + orig + "\""
                        : "time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
            }
            total = total.add(num.multiply(BigDecimal.valueOf(mult)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("time: invalid duration \"" + orig + "\"");
        }
        long n = total.longValue();
        return neg ? -n : n;
    }

    static long bytes(Dispenser d, String text) throws CaddyfileException {
        try {
            return parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw d.err("invalid byte size '" + text + "': " + e.getMessage());
        }
    }

    static long parseBytes(String s) {
        String t = s.trim();
        int i = 0;
        while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == ',')) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("strconv.ParseFloat: parsing \"\": invalid syntax");
        }
        BigDecimal num = new BigDecimal(t.substring(0, i).replace(",", ""));
        String unit = t.substring(i).trim().toLowerCase(Locale.ROOT);
        long mult = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1_000L;
            case "ki", "kib" -> 1L << 10;
            case "m", "mb" -> 1_000_000L;
            case "mi", "mib" -> 1L << 20;
            case "g", "gb" -> 1_000_000_000L;
            case "gi", "gib" -> 1L << 30;
            case "t", "tb" -> 1_000_000_000_000L;
            case "ti", "tib" -> 1L << 40;
            case "p", "pb" -> 1_000_000_000_000_000L;
            case "pi", "pib" -> 1L << 50;
            default -> throw new IllegalArgumentException("unhandled size name: " + unit);
        };
        return num.multiply(BigDecimal.valueOf(mult)).longValue();
    }

    static int integer(Dispenser d, String text, String what) throws CaddyfileException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw d.err(what + " '" + text + "': strconv.Atoi: parsing \"" + text + "\": invalid syntax");
        }
    }

    /** "5xx" is the class 5, as Caddy's status lists read it. */
    static int statusClass(Dispenser d, String arg) throws CaddyfileException {
        String v = arg.length() == 3 && arg.endsWith("xx") ? arg.substring(0, 1) : arg;
        return integer(d, v, "bad status value");
    }
}
