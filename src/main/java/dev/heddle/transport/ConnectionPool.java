package dev.heddle.transport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle keep-alive connections per upstream address, newest first (LIFO keeps a warm set and
 * lets the rest expire). Claiming happens under a per-address lock; closing never does.
 */
final class ConnectionPool {
    private final Map<String, Idle> byAddress = new ConcurrentHashMap<>();
    private final long idleTimeoutNanos;
    private final int maxIdlePerHost;
    private final int maxIdle;
    /** Idle connections across all addresses (for keep_alive.max_idle_conns). */
    private final java.util.concurrent.atomic.AtomicInteger idleTotal = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean closed;

    ConnectionPool(long idleTimeoutNanos, int maxIdlePerHost) {
        this(idleTimeoutNanos, maxIdlePerHost, 0);
    }

    /** @param maxIdle idle connections kept across all addresses; 0 = no limit beyond the per-host one */
    ConnectionPool(long idleTimeoutNanos, int maxIdlePerHost, int maxIdle) {
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.maxIdlePerHost = maxIdlePerHost;
        this.maxIdle = maxIdle;
    }

    private static final class Idle {
        final ReentrantLock lock = new ReentrantLock();
        final ArrayDeque<Http1Connection> connections = new ArrayDeque<>();
    }

    /** Connections idle this long are checked even for requests that could simply be resent. */
    private static final long CHECK_AFTER_NANOS = 1_000_000_000L;

    /**
     * A usable idle connection to {@code dial}, or null; dead ones met on the way are closed.
     * With {@code mustCheck} (a body that could not be resent) every connection is checked first;
     * otherwise only one idle for a second or more: a bodyless request that meets a dead
     * connection is resent on a fresh one anyway, and the check costs three syscalls. Stray
     * bytes (a response to nothing) are looked for on every reuse, as Go's transport does.
     */
    Http1Connection acquire(String dial, boolean mustCheck) {
        Idle idle = byAddress.get(dial);
        if (idle == null) {
            return null;
        }
        long now = System.nanoTime();
        List<Http1Connection> expired = null;  // rare: no list per request
        Http1Connection found = null;
        idle.lock.lock();
        try {
            while (found == null && !idle.connections.isEmpty()) {
                Http1Connection c = idle.connections.pollFirst();
                idleTotal.decrementAndGet();
                if (now - c.idleSinceNanos() >= idleTimeoutNanos) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(c);
                } else {
                    found = c;
                }
            }
        } finally {
            idle.lock.unlock();
        }
        if (expired != null) {
            expired.forEach(Http1Connection::close);
        }
        if (found != null && (found.hasStrayBytes()
                || (mustCheck || now - found.idleSinceNanos() >= CHECK_AFTER_NANOS) && !found.usable())) {
            found.close();
            return acquire(dial, mustCheck);
        }
        return found;
    }

    /** Returns a connection whose exchange finished cleanly. */
    void release(Http1Connection c) {
        if (closed || maxIdlePerHost <= 0 || c.hasBufferedBytes()) {
            c.close();
            return;
        }
        try {
            c.readTimeout(null);  // a body read timeout must not outlive its exchange
        } catch (java.io.IOException e) {
            c.close();
            return;
        }
        c.markIdle(System.nanoTime());
        if (idleTotal.incrementAndGet() > maxIdle && maxIdle > 0) {
            // Full across all upstreams: the newcomer is closed (Go closes the least recently used one).
            idleTotal.decrementAndGet();
            c.close();
            return;
        }
        Idle idle = lockedEntry(c.poolKey());
        Http1Connection evicted = null;
        try {
            idle.connections.addFirst(c);
            if (idle.connections.size() > maxIdlePerHost) {
                evicted = idle.connections.pollLast();
                idleTotal.decrementAndGet();
            }
        } finally {
            idle.lock.unlock();
        }
        if (evicted != null) {
            evicted.close();
        }
        if (closed) {
            closeAll();
        }
    }

    /** The live entry for {@code key}, locked (the sweep may drop an empty one between lookup and lock). */
    private Idle lockedEntry(String key) {
        while (true) {
            Idle idle = byAddress.computeIfAbsent(key, k -> new Idle());
            idle.lock.lock();
            if (byAddress.get(key) == idle) {
                return idle;
            }
            idle.lock.unlock();
        }
    }

    /**
     * Closes the oldest idle connection to {@code dial}, to free its max_conns_per_host slot:
     * under any of its pool keys (one per client under proxy_protocol).
     */
    boolean evictOne(String dial) {
        for (Idle idle : byAddress.values()) {
            Http1Connection oldest = null;
            idle.lock.lock();
            try {
                Http1Connection last = idle.connections.peekLast();
                if (last != null && last.dial.equals(dial)) {
                    oldest = idle.connections.pollLast();
                    idleTotal.decrementAndGet();
                }
            } finally {
                idle.lock.unlock();
            }
            if (oldest != null) {
                oldest.close();
                return true;
            }
        }
        return false;
    }

    int idleCount() {
        return idleTotal.get();
    }

    /**
     * Closes every connection idle past the timeout and forgets addresses left with none
     * (OkHttp's cleanup, a pure function of time): under proxy_protocol a pool key per client
     * is never asked for again once the client is gone. The nanos until the next connection
     * expires, or -1 when none is idle.
     */
    long closeIdle(long nowNanos) {
        List<Http1Connection> expired = new ArrayList<>();
        long next = -1;
        for (Map.Entry<String, Idle> e : byAddress.entrySet()) {
            Idle idle = e.getValue();
            idle.lock.lock();
            try {
                for (var it = idle.connections.iterator(); it.hasNext(); ) {
                    Http1Connection c = it.next();
                    long left = c.idleSinceNanos() + idleTimeoutNanos - nowNanos;
                    if (left <= 0) {
                        it.remove();
                        idleTotal.decrementAndGet();
                        expired.add(c);
                    } else {
                        next = next < 0 ? left : Math.min(next, left);
                    }
                }
                if (idle.connections.isEmpty()) {
                    byAddress.remove(e.getKey(), idle);  // a release racing this makes a fresh entry
                }
            } finally {
                idle.lock.unlock();
            }
        }
        expired.forEach(Http1Connection::close);
        return next;
    }

    int idleCount(String dial) {
        Idle idle = byAddress.get(dial);
        return idle == null ? 0 : idle.connections.size();
    }

    void closeAll() {
        closed = true;
        for (Idle idle : byAddress.values()) {
            List<Http1Connection> all;
            idle.lock.lock();
            try {
                all = new ArrayList<>(idle.connections);
                idleTotal.addAndGet(-all.size());
                idle.connections.clear();
            } finally {
                idle.lock.unlock();
            }
            all.forEach(Http1Connection::close);
        }
    }
}
