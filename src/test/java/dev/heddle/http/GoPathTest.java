package dev.heddle.http;

import dev.heddle.testing.ShortStrings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The already-clean shortcut agrees with cleaning the long way, on every short path. */
class GoPathTest {
    @Test
    void aPathIsCleanExactlyWhenCleaningLeavesItUnchanged() {
        int clean = 0;
        for (String p : ShortStrings.over("/.a", 7)) {
            for (boolean merge : new boolean[] {true, false}) {
                boolean unchanged = GoPath.cleaned(p, merge).equals(p);
                assertEquals(unchanged, GoPath.isClean(p, !merge), () -> "\"" + p + "\" merge=" + merge);
                assertEquals(GoPath.cleaned(p, merge), GoPath.caddyClean(p, merge));
                clean += unchanged ? 1 : 0;
            }
        }
        assertTrue(clean > 100, "too few clean paths to tell anything: " + clean);
    }
}
