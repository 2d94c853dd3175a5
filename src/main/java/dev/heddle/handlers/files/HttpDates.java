package dev.heddle.handlers.files;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** HTTP dates as Go's {@code http.TimeFormat} writes them and {@code http.ParseTime} reads them. */
final class HttpDates {
    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
    private static final List<DateTimeFormatter> READ = List.of(
            IMF,
            DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US),   // RFC 850
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US));       // ANSI C asctime

    private HttpDates() {
    }

    static String format(long epochSecond) {
        return IMF.format(LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC));
    }

    /** Seconds since the epoch, or null when the text is none of the three forms. */
    static Long parse(String text) {
        for (DateTimeFormatter f : READ) {
            try {
                return LocalDateTime.parse(text, f).toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return null;
    }

    static Instant instant(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond);
    }
}
