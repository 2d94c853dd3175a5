package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** {@code round_robin}: a counter per handler; walks on past unavailable upstreams. */
public final class RoundRobinSelection implements SelectionPolicy {
    private final AtomicLong counter = new AtomicLong();

    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        int n = pool.size();
        for (int i = 0; i < n; i++) {
            Upstream u = pool.get((int) Long.remainderUnsigned(counter.getAndIncrement(), n));
            if (u.available()) {
                return u;
            }
        }
        return null;
    }
}
