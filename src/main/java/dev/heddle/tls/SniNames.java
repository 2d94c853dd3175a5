package dev.heddle.tls;

/** CertMagic's MatchWildcard: equal, or the same number of labels with {@code *} standing for any one label. */
final class SniNames {
    private SniNames() {
    }

    static boolean matches(String name, String pattern) {
        if (name.equalsIgnoreCase(pattern)) {
            return true;
        }
        if (!pattern.contains("*")) {
            return false;
        }
        String[] n = name.split("\\.", -1);
        String[] p = pattern.split("\\.", -1);
        if (n.length != p.length) {
            return false;
        }
        for (int i = 0; i < n.length; i++) {
            if (!p[i].equals("*") && !p[i].equalsIgnoreCase(n[i])) {
                return false;
            }
        }
        return true;
    }
}
