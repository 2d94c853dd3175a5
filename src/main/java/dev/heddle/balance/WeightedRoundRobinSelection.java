package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weighted_round_robin}: the counter walks a cycle of slots, each selectable upstream
 * owning as many consecutive slots as its weight; weight 0 takes an upstream out. Only the
 * upstreams that are available (and in the offered pool) own slots, so an unavailable one's
 * share is spread over the rest in their own ratios: weights 2, 3, 2, 1 with the first down
 * give 3:2:1 among the others.
 *
 * <p>Caddy (selectionpolicies.go) keeps the cycle of every positive weight and takes the
 * index modulo the number of available upstreams, so the weights shift onto the wrong
 * upstreams (2, 3, 2, 1 with the first down gives 3:3:2); Heddle keeps the ratios instead
 * (README, "Where Heddle differs"). With fewer than two weights, Caddy always answers the
 * first upstream: so does this.
 */
public final class WeightedRoundRobinSelection implements SelectionPolicy {
    private final List<Upstream> upstreams;
    private final int[] weights;
    private final AtomicLong counter = new AtomicLong();

    public WeightedRoundRobinSelection(List<Upstream> upstreams, List<Integer> weights) {
        this.upstreams = List.copyOf(upstreams);
        this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        if (weights.length < 2) {
            return pool.isEmpty() ? null : pool.get(0);
        }
        int n = Math.min(weights.length, upstreams.size());
        // One look at availability per upstream: it may change while we walk.
        boolean[] selectable = new boolean[n];
        int live = 0;
        for (int i = 0; i < n; i++) {
            Upstream u = upstreams.get(i);
            selectable[i] = weights[i] > 0 && u.available() && pool.contains(u);
            if (selectable[i]) {
                live += weights[i];
            }
        }
        if (live == 0) {
            return null;
        }
        int slot = (int) Long.remainderUnsigned(counter.getAndIncrement(), live);
        for (int i = 0; i < n; i++) {
            if (!selectable[i]) {
                continue;
            }
            if (slot < weights[i]) {
                return upstreams.get(i);
            }
            slot -= weights[i];
        }
        throw new AssertionError("slot beyond the live weights");
    }
}
