package dev.heddle.http.matchers;

import dev.heddle.testing.ShortStrings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Matching without splitting the host agrees with the definition, on every short host and pattern. */
class HostMatcherTest {
    @Test
    void labelScanAgreesWithSplittingIntoLabels() {
        int matched = 0;
        for (String pattern : ShortStrings.over("a*.", 5)) {
            String[] labels = pattern.split("\\.", -1);
            for (String host : ShortStrings.over("ab.", 5)) {
                boolean expected = bySplitting(labels, host);
                assertEquals(expected, HostMatcher.labelsMatch(labels, host), () -> "\"" + pattern + "\" ~ \"" + host + "\"");
                matched += expected ? 1 : 0;
            }
        }
        assertTrue(matched > 100, "too few matches to tell anything: " + matched);
    }

    /** Caddy's rule as written: the same number of labels, each equal or "*". */
    private static boolean bySplitting(String[] pattern, String host) {
        String[] labels = host.split("\\.", -1);
        if (labels.length != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(labels[i])) {
                return false;
            }
        }
        return true;
    }
}
