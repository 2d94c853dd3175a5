package dev.heddle.upstream.dynamic;

import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamFactory;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One looked-up name's answer, cached for {@code refresh}, with one lookup in flight at a time:
 * the first request waits for it; once there is an answer, a request that finds it stale does
 * the next lookup while the others keep using the old one (no herd at the DNS server, no stall
 * for everyone at each refresh).
 *
 * <p>When a lookup fails, Caddy's {@code a} returns the error (the proxy falls back to its static
 * upstreams, usually none: 503) and its {@code srv} keeps the stale answer only with a
 * {@code grace_period}. Heddle keeps the last good answer for both, with a warning, for up to
 * {@code staleLimit} after it was last confirmed (0: as Caddy; then srv's grace_period keeps it
 * without a bound, as Caddy does), and asks again after {@code grace_period} (when set) or
 * {@code refresh}. A failure without a usable answer is remembered for up to a second, so a
 * dead DNS server is not asked once per request.
 */
final class CachedLookup {
    private static final System.Logger LOG = System.getLogger("dev.heddle.upstream");
    private static final long ERROR_MEMORY = Duration.ofSeconds(1).toNanos();

    /** Does the lookup itself: the dial addresses the name stands for now. */
    @FunctionalInterface
    interface Lookup {
        List<String> dials() throws IOException;
    }

    /** What the last lookup left: upstreams (maybe stale), or the error to answer with. */
    private record State(List<Upstream> upstreams, long confirmedAt, long nextLookupAt, IOException error) {
        List<Upstream> answer() throws IOException {
            if (error != null) {
                throw new IOException(error.getMessage(), error);
            }
            return upstreams;
        }
    }

    private final String label;
    private final LeasedSet set;
    private final long refresh;
    private final long staleLimit;
    private final long gracePeriod;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile State state;

    CachedLookup(String label, UpstreamFactory factory, Duration refresh, Duration staleLimit, Duration gracePeriod) {
        this.label = label;
        this.set = new LeasedSet(factory);
        this.refresh = refresh.toNanos();
        this.staleLimit = staleLimit.toNanos();
        this.gracePeriod = gracePeriod.toNanos();
    }

    List<Upstream> get(Lookup lookup) throws IOException {
        State s = state;
        if (s != null && System.nanoTime() - s.nextLookupAt < 0) {
            return s.answer();
        }
        if (s != null && s.error == null) {
            if (!lock.tryLock()) {
                return s.upstreams;  // another request is refreshing it: the stale answer meanwhile
            }
        } else {
            lock.lock();
        }
        try {
            s = state;
            long now = System.nanoTime();
            if (s != null && now - s.nextLookupAt < 0) {
                return s.answer();
            }
            state = refresh(s, lookup, now);
            return state.answer();
        } finally {
            lock.unlock();
        }
    }

    private State refresh(State previous, Lookup lookup, long now) {
        List<String> dials;
        try {
            dials = lookup.dials();
        } catch (IOException e) {
            return failed(previous, e, now);
        }
        LOG.log(Level.DEBUG, () -> label + ": " + dials);
        return new State(set.update(dials), now, now + refresh, null);
    }

    private State failed(State previous, IOException e, long now) {
        boolean usable = previous != null && previous.error == null && !previous.upstreams.isEmpty();
        long age = usable ? now - previous.confirmedAt : 0;
        boolean keep = usable && (staleLimit > 0 ? age <= staleLimit : gracePeriod > 0);
        if (keep) {
            long retry = gracePeriod > 0 ? gracePeriod : refresh;
            LOG.log(Level.WARNING, label + ": lookup failed (" + e.getMessage() + "); using the last good answer ("
                    + previous.upstreams.size() + " upstreams, " + seconds(age) + " old) until a lookup succeeds"
                    + (staleLimit > 0 ? " or it is " + seconds(staleLimit) + " old" : ""));
            return new State(previous.upstreams, previous.confirmedAt, now + retry, null);
        }
        if (usable && staleLimit > 0) {
            LOG.log(Level.WARNING, label + ": lookup failed (" + e.getMessage() + ") and the last good answer is "
                    + seconds(age) + " old, past the stale limit: dropped");
        } else {
            // Logged once per lookup, not per request (the error is remembered for a while).
            LOG.log(Level.WARNING, label + ": lookup failed: " + e.getMessage());
        }
        set.update(List.of());
        IOException error = new IOException(label + ": " + e.getMessage(), e);
        return new State(List.of(), previous == null ? 0 : previous.confirmedAt, now + Math.min(refresh, ERROR_MEMORY), error);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** How many upstreams this name currently holds (tests). */
    int held() {
        return set.size();
    }

    void close() {
        set.close();
    }
}
