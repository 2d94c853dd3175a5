package dev.heddle.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to a host's addresses as Go's dialer does for Caddy: every resolved address is
 * tried in order (a name may resolve to an address nothing listens on, such as 127.0.0.1 when
 * the app binds ::1 only), and when the name has both families, the other family is raced
 * after {@code dial_fallback_delay} (RFC 6555 Happy Eyeballs; negative = serially only).
 */
final class Dialer {
    /** A fresh, configured, unconnected socket. */
    @FunctionalInterface
    interface SocketFactory {
        Socket create() throws IOException;
    }

    /** Go's floor for one address's share of the dial timeout. */
    private static final long MIN_ATTEMPT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private Dialer() {
    }

    static Socket connect(InetAddress[] addresses, int port, Duration timeout, Duration fallbackDelay,
                          SocketFactory sockets) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetAddress> primaries = new ArrayList<>();
        List<InetAddress> fallbacks = new ArrayList<>();
        for (InetAddress a : addresses) {
            (a.getClass() == addresses[0].getClass() ? primaries : fallbacks).add(a);
        }
        if (fallbacks.isEmpty() || fallbackDelay.isNegative()) {
            primaries.addAll(fallbacks);
            return serially(primaries, port, deadline, sockets, null);
        }
        return race(primaries, fallbacks, port, deadline, fallbackDelay, sockets);
    }

    /** Primaries now, fallbacks after the delay or as soon as the primaries have all failed; first wins. */
    private static Socket race(List<InetAddress> primaries, List<InetAddress> fallbacks, int port, long deadline,
                               Duration delay, SocketFactory sockets) throws IOException {
        CompletableFuture<Socket> winner = new CompletableFuture<>();
        CountDownLatch primariesFailed = new CountDownLatch(1);
        IOException[] failures = new IOException[2];
        CountDownLatch bothDone = new CountDownLatch(2);
        Thread.ofVirtual().name("heddle-dial").start(() -> {
            try {
                offer(winner, serially(primaries, port, deadline, sockets, winner));
            } catch (IOException e) {
                failures[0] = e;
                primariesFailed.countDown();
            } finally {
                bothDone.countDown();
                finishIfAllFailed(winner, bothDone, failures);
            }
        });
        Thread.ofVirtual().name("heddle-dial-fallback").start(() -> {
            try {
                primariesFailed.await(delay.toNanos(), TimeUnit.NANOSECONDS);
                if (!winner.isDone()) {
                    offer(winner, serially(fallbacks, port, deadline, sockets, winner));
                }
            } catch (IOException e) {
                failures[1] = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                bothDone.countDown();
                finishIfAllFailed(winner, bothDone, failures);
            }
        });
        try {
            return winner.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            winner.cancel(false);
            throw new SocketTimeoutException("connect timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            winner.cancel(false);
            throw new IOException("interrupted while connecting", e);
        }
    }

    private static void finishIfAllFailed(CompletableFuture<Socket> winner, CountDownLatch bothDone, IOException[] failures) {
        if (bothDone.getCount() == 0 && !winner.isDone()) {
            IOException first = failures[0] != null ? failures[0] : failures[1];
            winner.completeExceptionally(first != null ? first : new SocketTimeoutException("connect timed out"));
        }
    }

    /** The race's loser closes its socket. */
    private static void offer(CompletableFuture<Socket> winner, Socket s) {
        if (!winner.complete(s)) {
            closeQuietly(s);
        }
    }

    /**
     * Each address in turn, with its share of the time left (at least 2 s, as Go); stops early
     * when {@code race} was won by the other side. The last failure is thrown.
     */
    private static Socket serially(List<InetAddress> addresses, int port, long deadline, SocketFactory sockets,
                                   CompletableFuture<Socket> race) throws IOException {
        IOException last = null;
        for (int i = 0; i < addresses.size(); i++) {
            if (race != null && race.isDone()) {
                break;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw last instanceof SocketTimeoutException ? last : new SocketTimeoutException("connect timed out");
            }
            long share = Math.min(left, Math.max(left / (addresses.size() - i), MIN_ATTEMPT_NANOS));
            Socket s = sockets.create();
            try {
                s.connect(new InetSocketAddress(addresses.get(i), port), (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(share)));
                return s;
            } catch (IOException e) {
                closeQuietly(s);
                last = e;
            }
        }
        throw last != null ? last : new SocketTimeoutException("connect timed out");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing was sent on it
        }
    }
}
