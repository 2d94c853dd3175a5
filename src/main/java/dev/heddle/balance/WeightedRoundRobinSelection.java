package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code weighted_round_robin}: the counter walks a cycle of total-weight slots, each upstream
 * owning as many consecutive slots as its weight; weight 0 takes an upstream out. A slot whose
 * upstream is unavailable (or not in the offered pool) moves on to the next one that is.
 * With fewer than two weights, Caddy always answers the first upstream: so does this.
 */
public final class WeightedRoundRobinSelection implements SelectionPolicy {
    private final List<Upstream> upstreams;
    private final int[] weights;
    private final int total;
    private final Map<Upstream, Integer> weightOf = new IdentityHashMap<>();
    private final AtomicLong counter = new AtomicLong();

    public WeightedRoundRobinSelection(List<Upstream> upstreams, List<Integer> weights) {
        this.upstreams = List.copyOf(upstreams);
        this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
        int sum = 0;
        for (int i = 0; i < this.weights.length && i < upstreams.size(); i++) {
            sum += this.weights[i];
            weightOf.put(upstreams.get(i), this.weights[i]);
        }
        this.total = sum;
    }

    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        if (weights.length < 2) {
            return pool.isEmpty() ? null : pool.get(0);
        }
        int slot = (int) Long.remainderUnsigned(counter.getAndIncrement(), total);
        int index = 0;
        while (slot >= weights[index]) {
            slot -= weights[index];
            index++;
        }
        for (int step = 0; step < upstreams.size(); step++) {
            Upstream u = upstreams.get((index + step) % upstreams.size());
            if (weightOf.getOrDefault(u, 0) > 0 && u.available() && pool.contains(u)) {
                return u;
            }
        }
        return null;
    }
}
