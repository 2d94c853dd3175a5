package dev.heddle.handlers.encode;

import dev.heddle.http.Exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Caddy's {@code AcceptedEncodings} (encode.go): the client's Accept-Encoding names, lower-cased,
 * without those at q=0, sorted by q (highest first) and, between equal q, by the server's
 * preferred order; a WebSocket handshake accepts only {@code identity}. {@code *} is not expanded.
 */
public final class AcceptedEncodings {
    private record Preference(String name, double q, int preferOrder) {
    }

    private AcceptedEncodings() {
    }

    public static List<String> of(Exchange ex, List<String> preferredOrder) {
        String header = ex.header("Accept-Encoding");
        if (header == null || header.isEmpty()) {
            return List.of();
        }
        boolean webSocket = ex.header("Sec-WebSocket-Key") != null;
        List<Preference> prefs = new ArrayList<>();
        for (String accepted : header.split(",", -1)) {
            String[] parts = accepted.split(";", -1);
            String name = parts[0].strip().toLowerCase(Locale.ROOT);
            double q = 1.0;
            if (parts.length > 1) {
                String qText = parts[1].strip().toLowerCase(Locale.ROOT);
                if (qText.startsWith("q=")) {
                    try {
                        double v = Double.parseDouble(qText.substring(2));
                        if (v >= 0 && v <= 1) {
                            q = v;
                        }
                    } catch (NumberFormatException ignored) {
                        // an unreadable q counts as 1, as in Caddy
                    }
                }
            }
            if (q < 0.00001 || !name.equals("identity") && webSocket) {
                continue;
            }
            int i = preferredOrder.indexOf(name);
            prefs.add(new Preference(name, q, i < 0 ? -1 : preferredOrder.size() - i));
        }
        prefs.sort(Comparator.comparingDouble((Preference p) -> -Math.round(p.q() * 100000) / 100000.0)
                .thenComparing(Comparator.comparingInt(Preference::preferOrder).reversed()));
        return prefs.stream().map(Preference::name).toList();
    }
}
