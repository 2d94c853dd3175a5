package dev.heddle.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Values of a query-string key, decoded as Go's url.ParseQuery does ('+' is a space). */
public final class QueryParams {
    private QueryParams() {
    }

    public static List<String> values(String rawQuery, String key) {
        List<String> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("[&]")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (k != null && k.equals(key)) {
                String v = decode(eq < 0 ? "" : pair.substring(eq + 1));
                if (v != null) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** Whether the key appears at all (possibly with an empty value). */
    public static boolean has(String rawQuery, String key) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return false;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(k)) {
                return true;
            }
        }
        return false;
    }

    /** Null for a malformed escape (Go drops such pairs). */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
