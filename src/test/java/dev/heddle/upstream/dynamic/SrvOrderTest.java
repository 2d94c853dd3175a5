package dev.heddle.upstream.dynamic;

import dev.heddle.dns.SrvRecord;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Go's LookupSRV order: priority ascending, then a weighted random order within each priority. */
class SrvOrderTest {
    private static final SrvRecord A = new SrvRecord(0, 60, 1, "a");
    private static final SrvRecord B = new SrvRecord(0, 30, 2, "b");
    private static final SrvRecord C = new SrvRecord(0, 10, 3, "c");
    private static final SrvRecord LOW = new SrvRecord(5, 1000, 4, "low");
    private static final SrvRecord LOWER = new SrvRecord(9, 0, 5, "lower");

    @Test
    void prioritiesComeInOrderWhateverTheWeights() {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            List<SrvRecord> sorted = SrvOrder.sort(List.of(LOWER, LOW, C, B, A), random);
            assertEquals(List.of(LOW, LOWER), sorted.subList(3, 5), "priority 5 then 9 after the three of priority 0");
            assertEquals(3, sorted.subList(0, 3).stream().filter(r -> r.priority() == 0).count());
        }
    }

    @Test
    void eachPlaceGoesByWeight() {
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Integer> first = new HashMap<>();
        Map<String, Integer> secondAfterA = new HashMap<>();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            List<SrvRecord> sorted = SrvOrder.sort(List.of(C, A, B), random);
            first.merge(sorted.get(0).target(), 1, Integer::sum);
            if (sorted.get(0) == A) {
                secondAfterA.merge(sorted.get(1).target(), 1, Integer::sum);
            }
        }
        // First place: 60:30:10. After A, B:C is 30:10 = 3:1.
        assertNear(0.6, first.get("a"), n, first);
        assertNear(0.3, first.get("b"), n, first);
        assertNear(0.1, first.get("c"), n, first);
        int afterA = secondAfterA.values().stream().mapToInt(Integer::intValue).sum();
        assertNear(0.75, secondAfterA.get("b"), afterA, secondAfterA);
    }

    @Test
    void zeroWeightsKeepTheirSortedOrder() {
        SrvRecord x = new SrvRecord(0, 0, 1, "x");
        SrvRecord y = new SrvRecord(0, 0, 2, "y");
        assertEquals(List.of(x, y), SrvOrder.sort(List.of(x, y), new SplittableRandom(3)));
        // A zero weight sorts before a positive one (Go's byPriorityWeight) and is drawn last, by probability 0.
        SrvRecord heavy = new SrvRecord(0, 5, 3, "heavy");
        for (int i = 0; i < 100; i++) {
            assertEquals(heavy, SrvOrder.sort(List.of(x, heavy), new SplittableRandom(i)).get(0));
        }
    }

    private static void assertNear(double expected, Integer count, int n, Map<String, Integer> all) {
        double share = count == null ? 0 : count / (double) n;
        assertTrue(Math.abs(share - expected) < 0.02, "expected about " + expected + ", got " + share + " of " + all);
    }
}
