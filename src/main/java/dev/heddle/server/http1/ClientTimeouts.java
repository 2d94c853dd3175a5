package dev.heddle.server.http1;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A server's client-side deadlines, as Go's http.Server (and so Caddy) keeps them:
 * <ul>
 * <li>read_header_timeout: from the request line to the end of the headers (slowloris);</li>
 * <li>read_timeout: from the request line to the end of the body (also bounds the headers);</li>
 * <li>write_timeout: from the end of the headers to the end of the response.</li>
 * </ul>
 * Helidon sets no timeout on accepted sockets, so an expired deadline closes the connection
 * (craft.md §7). Deadlines are plain fields set by the connection as a request goes, in a slot
 * the connection holds for its whole life; a sweep every tick (a fifth of the shortest
 * timeout, 10 ms to 1 s) closes what expired. A timer per request would cost a queue operation
 * and a thread wake-up per request; a map entry per request, two map operations. The sweep
 * walks every open connection, idle ones too: 10,000 of them are 10,000 volatile reads per
 * tick, once a second with Caddy's defaults. A lingering
 * close (reading what a client still sends after its answer) is bounded the same way.
 */
public final class ClientTimeouts implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");
    private static final ScheduledThreadPoolExecutor SWEEPER = sweeper();
    private static final long NONE = Long.MAX_VALUE;

    /** One request's deadlines (System.nanoTime() values; NONE = not armed). */
    private static final class Deadlines {
        final long startNanos = System.nanoTime();
        volatile long header = NONE;
        volatile long read = NONE;
        volatile long write = NONE;

        String expired(long now) {
            if (header != NONE && now - header > 0) {
                return "read_header_timeout";
            }
            if (read != NONE && now - read > 0) {
                return "read_timeout";
            }
            return write != NONE && now - write > 0 ? "write_timeout" : null;
        }
    }

    /** One connection's deadlines for the request under way; null when none applies. */
    static final class Slot {
        private static final VarHandle CURRENT;

        static {
            try {
                CURRENT = MethodHandles.lookup().findVarHandle(Slot.class, "current", Deadlines.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Http1Connection connection;
        private volatile Deadlines current;

        private Slot(Http1Connection connection) {
            this.connection = connection;
        }

        /** Takes the deadlines away when they are still {@code expected}: the sweep closes only what it saw expire. */
        private boolean clearIf(Deadlines expected) {
            return CURRENT.compareAndSet(this, expected, null);
        }
    }

    private final Set<Slot> open = ConcurrentHashMap.newKeySet();
    private volatile long readHeaderNanos;
    private volatile long readNanos;
    private volatile long writeNanos;
    private ScheduledFuture<?> sweep;
    private long tickNanos;

    /** Zero read or write timeouts mean none; zero read_header_timeout means Caddy's 1m. */
    public ClientTimeouts(Duration readHeader, Duration read, Duration write) {
        update(readHeader, read, write);
    }

    public synchronized void update(Duration readHeader, Duration read, Duration write) {
        readHeaderNanos = (readHeader.isZero() ? Duration.ofMinutes(1) : readHeader).toNanos();
        readNanos = read.toNanos();
        writeNanos = write.toNanos();
        long shortest = readHeaderNanos;
        for (long t : new long[] {readNanos, writeNanos}) {
            if (t > 0) {
                shortest = Math.min(shortest, t);
            }
        }
        long tick = Math.clamp(shortest / 5, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(1));
        if (sweep == null || tick != tickNanos) {
            if (sweep != null) {
                sweep.cancel(false);
            }
            tickNanos = tick;
            sweep = SWEEPER.scheduleWithFixedDelay(this::sweep, tick, tick, TimeUnit.NANOSECONDS);
        }
    }

    private static ScheduledThreadPoolExecutor sweeper() {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "heddle-client-timeouts");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        return ex;
    }

    /** A connection starts: its slot is swept until {@link #closed}. */
    Slot opened(Http1Connection c) {
        Slot slot = new Slot(c);
        open.add(slot);
        return slot;
    }

    /** The connection ended. */
    void closed(Slot slot) {
        slot.current = null;
        open.remove(slot);
    }

    /** The first bytes of a request arrived: read_header_timeout (and read_timeout) run from now. */
    void headStarted(Slot slot) {
        Deadlines d = new Deadlines();
        d.header = d.startNanos + (readNanos > 0 ? Math.min(readHeaderNanos, readNanos) : readHeaderNanos);
        slot.current = d;
    }

    /**
     * The head was read: read_timeout goes on until the body is read (a request without one is
     * read already: its deadline ends here, or a slow download would be cut), write_timeout starts.
     */
    void headRead(Slot slot, boolean hasBody) {
        long read = hasBody ? readNanos : 0;
        long write = writeNanos;
        Deadlines d = slot.current;
        if (d == null) {
            return;
        }
        if (read <= 0 && write <= 0) {
            done(slot);
            return;
        }
        if (read > 0) {
            d.read = d.startNanos + read;
        }
        if (write > 0) {
            d.write = System.nanoTime() + write;
        }
        d.header = NONE;
    }

    /** The request body was read to its end: read_timeout no longer applies. */
    void bodyRead(Slot slot) {
        Deadlines d = slot.current;
        if (d != null) {
            d.read = NONE;
        }
    }

    /** A lingering close: the connection is closed after {@code nanos} whatever the client does. */
    void linger(Slot slot, long nanos) {
        Deadlines d = new Deadlines();
        d.read = d.startNanos + nanos;
        slot.current = d;
    }

    /** The exchange is over, or the connection was taken over by an upgrade: no deadline applies. */
    void done(Slot slot) {
        slot.current = null;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Slot slot : open) {
            Deadlines d = slot.current;
            String which = d == null ? null : d.expired(now);
            if (which != null && slot.clearIf(d)) {
                Http1Connection c = slot.connection;
                LOG.log(Level.DEBUG, () -> "closing connection from " + c.peer() + ": " + which + " expired");
                c.closeSocket();
            }
        }
    }

    /** The listener stopped: no more sweeps. */
    @Override
    public synchronized void close() {
        if (sweep != null) {
            sweep.cancel(false);
        }
    }
}
