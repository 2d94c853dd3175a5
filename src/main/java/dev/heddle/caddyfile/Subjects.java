package dev.heddle.caddyfile;

import java.util.Locale;

/** Certificate subject rules Caddy takes from certmagic (SubjectQualifiesForCert and friends). */
final class Subjects {
    private Subjects() {
    }

    static boolean qualifiesForCert(String subj) {
        return !subj.isEmpty() && subj.trim().equals(subj)
                && !subj.startsWith(".") && !subj.endsWith(".")
                && (!subj.contains("*") || subj.startsWith("*."))
                && !subj.contains("..")
                && subj.chars().noneMatch(c -> "()[]{}<> \t\n\"\\!@#$%^&|;'+=".indexOf(c) >= 0);
    }

    static boolean qualifiesForPublicCert(String subj, boolean onDemand) {
        return !isIp(subj) && !isInternal(subj)
                && (count(subj, "*.") < 2 || onDemand);
    }

    static boolean isInternal(String subj) {
        String s = subj.toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("localhost") || s.endsWith(".localhost") || s.endsWith(".local")
                || s.endsWith(".home.arpa") || isInternalIp(s);
    }

    static boolean isIp(String s) {
        return s.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.\\[\\]%]+"));
    }

    private static boolean isInternalIp(String s) {
        if (!isIp(s)) {
            return false;
        }
        return s.startsWith("127.") || s.startsWith("10.") || s.startsWith("192.168.") || s.matches("172\\.(1[6-9]|2\\d|3[01])\\..*")
                || s.equals("::1") || s.toLowerCase(Locale.ROOT).startsWith("fd") || s.toLowerCase(Locale.ROOT).startsWith("fc");
    }

    /** certmagic.MatchWildcard: equal, or one wildcard label standing for one label. */
    static boolean matchWildcard(String subject, String wildcard) {
        if (subject.equals(wildcard)) {
            return true;
        }
        if (!wildcard.contains("*")) {
            return false;
        }
        String[] labels = subject.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i].isEmpty()) {
                continue;
            }
            labels[i] = "*";
            if (String.join(".", labels).equals(wildcard)) {
                return true;
            }
            labels = subject.split("\\.", -1);
        }
        return false;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
