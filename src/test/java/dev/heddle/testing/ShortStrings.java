package dev.heddle.testing;

import java.util.ArrayList;
import java.util.List;

/** Exhaustive inputs for checking a shortcut against its definition. */
public final class ShortStrings {
    private ShortStrings() {
    }

    /** Every string over {@code alphabet} up to {@code max} characters, the empty one included. */
    public static List<String> over(String alphabet, int max) {
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
