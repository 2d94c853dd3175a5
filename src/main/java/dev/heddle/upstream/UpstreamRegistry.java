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
