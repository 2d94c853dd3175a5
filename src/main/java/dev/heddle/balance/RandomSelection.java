package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;

/** {@code random} (the default): uniform over available upstreams. */
public record RandomSelection() implements SelectionPolicy {
    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        return Pick.randomAvailable(pool);
    }
}
