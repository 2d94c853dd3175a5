package dev.heddle.upstream.dynamic;

import dev.heddle.dns.SrvRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * SRV records in the order Go's LookupSRV returns them, which is all Caddy does with priority
 * and weight: by priority, lowest first; within one priority, a weighted random order (RFC
 * 2782: each place goes to a record with probability weight / remaining total). A `first`
 * policy then takes the lowest priority and spreads by weight across lookups.
 */
final class SrvOrder {
    private SrvOrder() {
    }

    static List<SrvRecord> sort(List<SrvRecord> records, RandomGenerator random) {
        List<SrvRecord> sorted = new ArrayList<>(records);
        // Go's byPriorityWeight: priority, then weight, ascending; then shuffled by weight per priority.
        sorted.sort(Comparator.comparingInt(SrvRecord::priority).thenComparingInt(SrvRecord::weight));
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            while (j < sorted.size() && sorted.get(j).priority() == sorted.get(i).priority()) {
                j++;
            }
            shuffleByWeight(sorted.subList(i, j), random);
            i = j;
        }
        return sorted;
    }

    /** Go's shuffleByWeight: repeatedly move a weight-chosen record to the front of what is left. */
    private static void shuffleByWeight(List<SrvRecord> group, RandomGenerator random) {
        int sum = 0;
        for (SrvRecord r : group) {
            sum += r.weight();
        }
        int start = 0;
        while (sum > 0 && group.size() - start > 1) {
            int s = 0;
            int n = random.nextInt(sum);
            for (int k = start; k < group.size(); k++) {
                s += group.get(k).weight();
                if (s > n) {
                    if (k > start) {
                        Collections.swap(group, start, k);
                    }
                    break;
                }
            }
            sum -= group.get(start).weight();
            start++;
        }
    }
}
