package dev.heddle.http;

/**
 * Caddy's value globbing for header matching (matchers.go, matchHeaders): "*" alone, a leading
 * or trailing "*" (suffix / prefix), or both (contains); case-sensitive.
 */
public final class HeaderGlob {
    private HeaderGlob() {
    }

    public static boolean matches(String want, String value) {
        if (want.equals("*")) {
            return true;
        }
        boolean lead = want.startsWith("*");
        boolean trail = want.endsWith("*") && want.length() > 1;
        if (lead && trail) {
            return value.contains(want.substring(1, want.length() - 1));
        }
        if (lead) {
            return value.endsWith(want.substring(1));
        }
        if (trail) {
            return value.startsWith(want.substring(0, want.length() - 1));
        }
        return value.equals(want);
    }
}
