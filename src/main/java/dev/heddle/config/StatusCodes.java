package dev.heddle.config;

import java.util.List;

/** Caddy's status matching: an exact code, or a one-digit class (5 = any 5xx). */
public final class StatusCodes {
    private StatusCodes() {
    }

    public static boolean matches(int want, int status) {
        return want == status || (want < 10 && status / 100 == want);
    }

    /** True when {@code wanted} is empty (no requirement) or any entry matches. */
    public static boolean anyMatches(List<Integer> wanted, int status) {
        if (wanted.isEmpty()) {
            return true;
        }
        for (int w : wanted) {
            if (matches(w, status)) {
                return true;
            }
        }
        return false;
    }
}
