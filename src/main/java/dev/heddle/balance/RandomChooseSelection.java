package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code random_choose}: sample {@code choose} available upstreams, take the least busy ("power of two choices"). */
public record RandomChooseSelection(int choose) implements SelectionPolicy {
    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        List<Upstream> sample = new ArrayList<>(choose);
        int seen = 0;
        for (Upstream u : pool) {
            if (!u.available()) {
                continue;
            }
            seen++;
            if (sample.size() < choose) {
                sample.add(u);
            } else {
                int j = ThreadLocalRandom.current().nextInt(seen);
                if (j < choose) {
                    sample.set(j, u);
                }
            }
        }
        return Pick.leastRequests(sample);
    }
}
