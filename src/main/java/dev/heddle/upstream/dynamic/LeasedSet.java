package dev.heddle.upstream.dynamic;

import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstreams one lookup currently returns, each leased from the registry: an address that
 * stays keeps its {@link Upstream} (so its passive failures, in-flight count and active checker
 * carry over), a new one is leased, and one that left is released at once, so a source that
 * churns through addresses holds only what its last answer named.
 */
final class LeasedSet {
    private final UpstreamFactory factory;
    private Map<String, UpstreamFactory.Lease> leases = new HashMap<>();
    private boolean closed;

    LeasedSet(UpstreamFactory factory) {
        this.factory = factory;
    }

    /** Makes the set exactly {@code dials} (duplicates once, in their order) and returns its upstreams in that order. */
    synchronized List<Upstream> update(List<String> dials) {
        if (closed) {
            return List.of();
        }
        Map<String, UpstreamFactory.Lease> next = new LinkedHashMap<>();
        for (String dial : dials) {
            if (next.containsKey(dial)) {
                continue;
            }
            UpstreamFactory.Lease lease = leases.remove(dial);
            next.put(dial, lease != null ? lease : factory.lease(dial));
        }
        leases.values().forEach(l -> l.release().run());
        leases = next;
        List<Upstream> out = new ArrayList<>(next.size());
        next.values().forEach(l -> out.add(l.upstream()));
        return List.copyOf(out);
    }

    synchronized int size() {
        return leases.size();
    }

    synchronized void close() {
        closed = true;
        leases.values().forEach(l -> l.release().run());
        leases = new HashMap<>();
    }
}
