package dev.heddle.transport.fastcgi;

import dev.heddle.config.DialAddress;
import dev.heddle.transport.DialException;
import dev.heddle.transport.Watchdog;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One connection to a FastCGI server over TCP or a unix socket (a channel either way, so both
 * get the same deadlines: the {@link Watchdog} closes a connection whose exchange outlives its
 * read or write deadline, and the blocked call fails).
 */
final class Connection implements AutoCloseable {
    final String dial;
    private final SocketChannel channel;
    final InputStream in;
    final OutputStream out;
    private final Watchdog.Watch watch;
    private long idleSince;
    private boolean closed;
    private boolean reused;
    private Runnable lease = () -> { };

    private Connection(String dial, SocketChannel channel) {
        this.dial = dial;
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
        this.watch = Watchdog.watch(channel);
    }

    static Connection open(String dial, Duration timeout) throws DialException {
        DialAddress address;
        try {
            address = DialAddress.parse(dial);
        } catch (IllegalArgumentException e) {
            throw new DialException(dial, e.getMessage(), e);
        }
        SocketChannel ch = null;
        try {
            if (address.unixPath() != null) {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.connect(UnixDomainSocketAddress.of(address.unixPath()));
            } else {
                ch = SocketChannel.open();
                ch.socket().connect(new InetSocketAddress(address.host(), address.port()), (int) Math.max(1, timeout.toMillis()));
                ch.socket().setTcpNoDelay(true);
            }
            return new Connection(dial, ch);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was sent
                }
            }
            boolean timedOut = e instanceof java.net.SocketTimeoutException;
            throw new DialException(dial, "dialing FastCGI server: " + e.getMessage(), e, timedOut);
        }
    }

    /** The max_conns_per_host permit of the exchange under way: given back when it ends (pooled or closed). */
    void lease(Runnable release) {
        this.lease = release;
    }

    /** Takes the exchange's permit off the connection, for the pool to give back once the connection is in it. */
    Runnable takeLease() {
        Runnable r = lease;
        lease = () -> { };
        return r;
    }

    private void endLease() {
        takeLease().run();
    }

    /** Closes the connection when the exchange is still running this many nanoseconds from now; 0 = never. */
    void deadline(long nanos) {
        if (nanos > 0) {
            watch.arm(nanos);
        } else {
            watch.disarm();
        }
    }

    /** Whether the watchdog cut the connection (the failed call ran into its deadline). */
    boolean timedOut() {
        return watch.fired();
    }

    void idle(long now) {
        idleSince = now;
        reused = true;
        watch.disarm();
    }

    /** Whether this connection served a request before (a kept connection php-fpm may have closed since). */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    /** A pooled connection the server closed meanwhile reads EOF at once; true when it still looks open. */
    boolean stillOpen() {
        try {
            if (in.available() > 0) {
                return false;  // bytes nobody asked for: not a clean idle connection
            }
            channel.configureBlocking(false);
            try {
                int n = channel.read(ByteBuffer.allocate(1));
                return n == 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        watch.release();
        endLease();
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }
}
