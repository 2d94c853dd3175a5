package dev.heddle.http;

/** Reads one cookie from the request's Cookie header lines. */
public final class Cookies {
    private Cookies() {
    }

    /** The named cookie's value, or null. */
    public static String value(Exchange ex, String name) {
        for (String line : ex.headers().values("Cookie")) {
            for (String pair : line.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                    return pair.substring(eq + 1).trim();
                }
            }
        }
        return null;
    }
}
