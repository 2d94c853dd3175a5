package dev.heddle.upstream.dynamic;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * A source's cached lookups by name (names may hold placeholders, so one source can look up
 * many). At most {@value #CAPACITY}, as Caddy's caches: adding one more drops one at random,
 * and its hosts are released.
 */
final class Lookups {
    static final int CAPACITY = 100;

    private final Map<String, CachedLookup> byName = new HashMap<>();
    private boolean closed;

    synchronized CachedLookup get(String name, Function<String, CachedLookup> create) {
        CachedLookup found = byName.get(name);
        if (found != null) {
            return found;
        }
        if (byName.size() >= CAPACITY) {
            List<String> names = new ArrayList<>(byName.keySet());
            byName.remove(names.get(ThreadLocalRandom.current().nextInt(names.size()))).close();
        }
        CachedLookup created = create.apply(name);
        if (closed) {
            created.close();  // a request raced the retirement: answer it, hold nothing
        } else {
            byName.put(name, created);
        }
        return created;
    }

    synchronized int size() {
        return byName.size();
    }

    synchronized void close() {
        closed = true;
        byName.values().forEach(CachedLookup::close);
        byName.clear();
    }
}
