package dev.heddle.caddyfile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Blocks nested deeper than the stack allows are a CaddyfileException, not a StackOverflowError. */
class DeepNestingTest {
    private static final int DEPTH = 5_000;

    @Test
    void deeplyNestedHandlesAreRefused() {
        String text = ":8080 {\n" + "handle {\n".repeat(DEPTH) + "respond x\n" + "}\n".repeat(DEPTH) + "}\n";
        CaddyfileException e = assertThrows(CaddyfileException.class, () -> CaddyfileAdapter.adapt("Caddyfile", text, n -> null));
        assertEquals("Caddyfile:1 - blocks are nested too deeply to adapt", e.getMessage());
    }

    @Test
    void deeplyNestedNotMatchersAreRefused() {
        String text = ":8080 {\n@m {\n" + "not {\n".repeat(DEPTH) + "path /x\n" + "}\n".repeat(DEPTH) + "}\nrespond @m x\n}\n";
        assertThrows(CaddyfileException.class, () -> CaddyfileAdapter.adapt("Caddyfile", text, n -> null));
    }
}
