package dev.heddle.server.http1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The {@code Date} field in IMF-fixdate (RFC 9110 §5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT",
 * two-digit day), formatted once per second and shared: a response costs a volatile read.
 */
public final class HttpDate {
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private record Cached(long second, byte[] bytes, String text) {
    }

    private static volatile Cached cached = new Cached(-1, new byte[0], "");

    private HttpDate() {
    }

    /** The current date as the field value's bytes (ASCII). */
    static byte[] now() {
        return current().bytes;
    }

    /** The current date as text (HTTP/2's date field). */
    public static String text() {
        return current().text;
    }

    private static Cached current() {
        long second = System.currentTimeMillis() / 1000;
        Cached c = cached;
        if (c.second != second) {
            String text = format(second);
            c = new Cached(second, text.getBytes(StandardCharsets.US_ASCII), text);
            cached = c;
        }
        return c;
    }

    static String format(long epochSecond) {
        return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSecond));
    }
}
