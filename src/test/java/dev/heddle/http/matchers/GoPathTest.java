package dev.heddle.http.matchers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The already-clean shortcut agrees with cleaning the long way, on every short path. */
class GoPathTest {
    @Test
    void aPathIsCleanExactlyWhenCleaningLeavesItUnchanged() {
        int clean = 0;
        for (String p : paths("/.a", 7)) {
            for (boolean merge : new boolean[] {true, false}) {
                boolean unchanged = GoPath.cleaned(p, merge).equals(p);
                assertEquals(unchanged, GoPath.isClean(p, !merge), () -> "\"" + p + "\" merge=" + merge);
                assertEquals(GoPath.cleaned(p, merge), GoPath.caddyClean(p, merge));
                clean += unchanged ? 1 : 0;
            }
        }
        assertTrue(clean > 100, "too few clean paths to tell anything: " + clean);
    }

    /** Every string over {@code alphabet} up to {@code max} characters, the empty one included. */
    private static List<String> paths(String alphabet, int max) {
        List<String> all = new ArrayList<>(List.of(""));
        List<String> last = List.of("");
        for (int n = 1; n <= max; n++) {
            List<String> next = new ArrayList<>();
            for (String s : last) {
                for (char c : alphabet.toCharArray()) {
                    next.add(s + c);
                }
            }
            all.addAll(next);
            last = next;
        }
        return all;
    }
}
