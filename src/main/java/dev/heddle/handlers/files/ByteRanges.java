package dev.heddle.handlers.files;

import java.util.ArrayList;
import java.util.List;

/** Go's {@code parseRange} for a {@code Range: bytes=...} header against a body of a known size. */
final class ByteRanges {
    record Range(long start, long length) {
        String contentRange(long size) {
            return "bytes " + start + "-" + (start + length - 1) + "/" + size;
        }
    }

    /** The header is not a byte range Go accepts: 416 "invalid range". */
    static final class Invalid extends Exception {
        final boolean noOverlap;

        Invalid(boolean noOverlap) {
            super(noOverlap ? "invalid range: failed to overlap" : "invalid range", null, false, false);
            this.noOverlap = noOverlap;
        }
    }

    private ByteRanges() {
    }

    static List<Range> parse(String header, long size) throws Invalid {
        if (header.isEmpty()) {
            return List.of();
        }
        if (!header.startsWith("bytes=")) {
            throw new Invalid(false);
        }
        List<Range> ranges = new ArrayList<>();
        boolean noOverlap = false;
        for (String part : header.substring(6).split(",", -1)) {
            String ra = part.strip();
            if (ra.isEmpty()) {
                continue;
            }
            int dash = ra.indexOf('-');
            if (dash < 0) {
                throw new Invalid(false);
            }
            String start = ra.substring(0, dash).strip();
            String end = ra.substring(dash + 1).strip();
            if (start.isEmpty()) {
                // a suffix: the last N bytes
                if (end.isEmpty() || end.charAt(0) == '-') {
                    throw new Invalid(false);
                }
                long n = number(end);
                if (n > size) {
                    n = size;
                }
                ranges.add(new Range(size - n, n));
                continue;
            }
            long first = number(start);
            if (first >= size) {
                noOverlap = true;
                continue;
            }
            long length;
            if (end.isEmpty()) {
                length = size - first;
            } else {
                long last = number(end);
                if (first > last) {
                    throw new Invalid(false);
                }
                if (last >= size) {
                    last = size - 1;
                }
                length = last - first + 1;
            }
            ranges.add(new Range(first, length));
        }
        if (noOverlap && ranges.isEmpty()) {
            throw new Invalid(true);
        }
        return ranges;
    }

    static long total(List<Range> ranges) {
        long sum = 0;
        for (Range r : ranges) {
            sum += r.length();
        }
        return sum;
    }

    private static long number(String s) throws Invalid {
        // digits only (Go's ParseInt would also take a "+" sign)
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new Invalid(false);
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new Invalid(false);
        }
    }
}
