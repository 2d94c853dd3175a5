package dev.heddle.balance;

import dev.heddle.upstream.Upstream;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Caddy's default {@code random} policy: uniform over available upstreams (reservoir sampling). */
public final class RandomSelection implements SelectionPolicy {
    @Override
    public Upstream select(List<Upstream> pool) {
        Upstream chosen = null;
        int seen = 0;
        for (Upstream u : pool) {
            if (!u.available()) {
                continue;
            }
            seen++;
            if (ThreadLocalRandom.current().nextInt(seen) == 0) {
                chosen = u;
            }
        }
        return chosen;
    }
}
