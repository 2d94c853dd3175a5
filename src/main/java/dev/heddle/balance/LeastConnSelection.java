package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;

/** {@code least_conn}: fewest in-flight requests (not connections), ties at random. */
public record LeastConnSelection() implements SelectionPolicy {
    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        return Pick.leastRequests(pool);
    }
}
