package dev.heddle.upstream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The process-wide registry of shared upstream state, reference-counted by the loaded configs
 * that use it: {@link Host}s by dial address, and shared entries (active health checks) by any
 * key, so that state survives a reload and is dropped when no config uses it any more. The lock
 * guards only acquire/release (at load and unload), never the request path.
 */
public final class UpstreamRegistry {
    private static final UpstreamRegistry GLOBAL = new UpstreamRegistry();

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Counted<Host>> hosts = new HashMap<>();
    private final Map<Object, Counted<AutoCloseable>> shared = new HashMap<>();
    private final List<Upstream> views = new ArrayList<>();

    private static final class Counted<T> {
        final T value;
        int refs;

        Counted(T value) {
            this.value = value;
        }
    }

    public static UpstreamRegistry global() {
        return GLOBAL;
    }

    public Host acquireHost(String dial) {
        lock.lock();
        try {
            Counted<Host> c = hosts.computeIfAbsent(dial, d -> new Counted<>(new Host(d)));
            c.refs++;
            return c.value;
        } finally {
            lock.unlock();
        }
    }

    public void releaseHost(Host host) {
        lock.lock();
        try {
            Counted<Host> c = hosts.get(host.dial());
            if (c != null && c.value == host && --c.refs == 0) {
                hosts.remove(host.dial());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The shared entry for {@code key}, created (and so started) by the first user. */
    @SuppressWarnings("unchecked")
    public <K, T extends AutoCloseable> T acquire(K key, Function<K, T> create) {
        lock.lock();
        try {
            Counted<AutoCloseable> c = shared.computeIfAbsent(key, k -> new Counted<>(create.apply(key)));
            c.refs++;
            return (T) c.value;
        } finally {
            lock.unlock();
        }
    }

    /** Drops one use of a shared entry; the last user closes it (outside the lock). */
    public void release(Object key) {
        AutoCloseable last = null;
        lock.lock();
        try {
            Counted<AutoCloseable> c = shared.get(key);
            if (c != null && --c.refs == 0) {
                shared.remove(key);
                last = c.value;
            }
        } finally {
            lock.unlock();
        }
        if (last != null) {
            try {
                last.close();
            } catch (Exception e) {
                System.getLogger("dev.heddle.upstream").log(System.Logger.Level.WARNING, "closing " + last + " failed", e);
            }
        }
    }

    /** Registers a handler's view of an upstream for {@link #snapshot()} (until unregistered). */
    public void register(Upstream upstream) {
        lock.lock();
        try {
            views.add(upstream);
        } finally {
            lock.unlock();
        }
    }

    public void unregister(Upstream upstream) {
        lock.lock();
        try {
            views.remove(upstream);
        } finally {
            lock.unlock();
        }
    }

    /** One line per address in use: the admin API's {@code /reverse_proxy/upstreams}. */
    public record Status(String address, int numRequests, int fails, boolean healthy) {
    }

    /**
     * The state of every address in use: in-flight requests, the most passive failures any
     * handler counts, and healthy only if every handler using it sees it healthy.
     */
    public List<Status> snapshot() {
        lock.lock();
        try {
            Map<String, Status> out = new java.util.TreeMap<>();
            for (Counted<Host> c : hosts.values()) {
                out.put(c.value.dial(), new Status(c.value.dial(), c.value.inFlight(), 0, true));
            }
            for (Upstream u : views) {
                Status s = out.get(u.dial());
                if (s != null) {
                    out.put(u.dial(), new Status(s.address(), s.numRequests(), Math.max(s.fails(), u.failures()),
                            s.healthy() && u.healthy()));
                }
            }
            return List.copyOf(out.values());
        } finally {
            lock.unlock();
        }
    }

    /** Hosts currently in use (for the admin view and tests). */
    public List<Host> hosts() {
        lock.lock();
        try {
            List<Host> out = new ArrayList<>();
            hosts.values().forEach(c -> out.add(c.value));
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** How many shared entries (e.g. active checkers) are alive. */
    public int sharedCount() {
        lock.lock();
        try {
            return shared.size();
        } finally {
            lock.unlock();
        }
    }
}
