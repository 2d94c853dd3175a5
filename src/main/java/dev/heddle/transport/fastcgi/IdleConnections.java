package dev.heddle.transport.fastcgi;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections php-fpm kept open (FCGI_KEEP_CONN), per upstream address, most recent first, with
 * the HTTP pool's rules: at most {@code maxPerHost} idle per address, none older than the idle
 * timeout; each is checked before reuse (php-fpm closes them when it recycles a worker after
 * {@code pm.max_requests}, often just after the last answer: a check costs three syscalls,
 * far less than the script).
 */
final class IdleConnections {
    private final int maxPerHost;
    private final long idleNanos;
    private final Map<String, Deque<Connection>> idle = new HashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private boolean closed;

    IdleConnections(int maxPerHost, long idleNanos) {
        this.maxPerHost = maxPerHost;
        this.idleNanos = idleNanos;
    }

    boolean enabled() {
        return maxPerHost > 0 && idleNanos > 0;
    }

    /** A usable idle connection to this address, or null. */
    Connection acquire(String dial) {
        while (true) {
            Connection c;
            lock.lock();
            try {
                Deque<Connection> q = idle.get(dial);
                c = q == null ? null : q.pollFirst();
                if (q != null && q.isEmpty()) {
                    idle.remove(dial);
                }
            } finally {
                lock.unlock();
            }
            if (c == null) {
                return null;
            }
            long age = System.nanoTime() - c.idleSince();
            if (age < idleNanos && c.stillOpen()) {
                return c;
            }
            c.close();
        }
    }

    /**
     * Keeps a connection whose exchange ended cleanly, or closes it when there is no room. Its
     * max_conns_per_host permit returns only once it is in the pool: a request woken by that
     * permit must find it there, or it would open one more connection than php-fpm has workers.
     */
    void release(Connection c) {
        c.idle(System.nanoTime());
        Runnable lease = c.takeLease();  // taken first: once pooled, another request may lease it anew
        boolean kept = false;
        lock.lock();
        try {
            if (!closed) {
                Deque<Connection> q = idle.computeIfAbsent(c.dial, k -> new ArrayDeque<>());
                if (q.size() < maxPerHost) {
                    q.addFirst(c);
                    kept = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (!kept) {
            c.close();
        }
        lease.run();
    }

    /** Closes connections idle past the timeout (the periodic sweep). */
    void sweep(long now) {
        lock.lock();
        try {
            for (Iterator<Deque<Connection>> qs = idle.values().iterator(); qs.hasNext(); ) {
                Deque<Connection> q = qs.next();
                q.removeIf(c -> {
                    boolean expired = now - c.idleSince() >= idleNanos;
                    if (expired) {
                        c.close();
                    }
                    return expired;
                });
                if (q.isEmpty()) {
                    qs.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            idle.values().forEach(q -> q.forEach(Connection::close));
            idle.clear();
        } finally {
            lock.unlock();
        }
    }
}
