package dev.heddle.proxy;

import dev.heddle.http.AbortConnection;
import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.HeaderList;
import dev.heddle.http.Takeover;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.UpgradedConnection;
import dev.heddle.transport.UpstreamResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upgraded stream (WebSocket or any protocol) spliced between client and upstream, as Caddy
 * does (streaming.go, handleUpgradeResponse):
 * <ol>
 *   <li>the 101 goes to the client through its connection, which then hands itself over;</li>
 *   <li>two {@link CopyLoop}s, one per direction on its own virtual thread, move bytes; bytes
 *       either side sent early (after its head) are kept and forwarded first;</li>
 *   <li>when either direction ends (EOF, error, stream_timeout, config retired), both
 *       connections are closed; the handler then drops the client connection.</li>
 * </ol>
 */
final class Tunnel {
    private static final System.Logger LOG = System.getLogger("dev.heddle.proxy");
    /** RFC 6455 §5.5.1 Close frame, status 1001 "going away". */
    private static final byte[] GOING_AWAY = {(byte) 0x03, (byte) 0xE9};
    /** Each direction starts reading with this much and grows to stream_buffer_size when reads fill it. */
    private static final int START_BUFFER = 2048;

    private final Takeover client;
    private final UpgradedConnection upstream;
    private final boolean websocket;
    private final String upstreamAddress;
    private final OutputStream toClient;
    private final OutputStream toUpstream;
    private volatile boolean closed;

    private Tunnel(Takeover client, UpgradedConnection upstream, boolean websocket, String upstreamAddress) {
        this.client = client;
        this.upstream = upstream;
        this.websocket = websocket;
        this.upstreamAddress = upstreamAddress;
        this.toClient = new LockedFlushingStream(client.out());
        this.toUpstream = new LockedFlushingStream(upstream.out());
    }

    /** Relays the 101 and runs the stream until it ends; never returns normally. */
    static void run(Exchange ex, UpstreamResponse res, String upstreamAddress, String type, Tunnels tunnels,
                    Duration timeout, int bufferSize) throws HandlerException {
        String offered = res.header("Upgrade");
        if (offered == null || !offered.equalsIgnoreCase(type) || !offered.chars().allMatch(c -> c > 32 && c < 127)) {
            res.abandon();
            throw new HandlerException(502, "upstream " + upstreamAddress + " switched to \"" + offered
                    + "\", not the requested \"" + type + "\"");
        }
        UpgradedConnection up = res.upgrade();
        ex.hijacked();
        ex.loggedStatus(101);
        Takeover client;
        try {
            client = ex.client().switchProtocols(switchingProtocols(res, type));
        } catch (IOException e) {
            up.close();
            throw new AbortConnection("client went away before the upgrade");
        }
        Tunnel t = new Tunnel(client, up, type.equalsIgnoreCase("websocket"), upstreamAddress);
        tunnels.add(t);
        try {
            t.splice(timeout, bufferSize);
        } finally {
            tunnels.remove(t);
            t.close();
        }
        throw new AbortConnection("upgraded stream ended");
    }

    /** The 101's fields: the upstream's end-to-end ones, then the upgrade itself. */
    private static HeaderList switchingProtocols(UpstreamResponse res, String type) {
        HeaderList fields = new HeaderList();
        for (HeaderField h : HopByHop.endToEnd(res.headers())) {
            fields.add(h.name(), h.value());
        }
        fields.add("Connection", "Upgrade");
        fields.add("Upgrade", type);
        return fields;
    }

    private void splice(Duration timeout, int bufferSize) {
        Thread up = Thread.ofVirtual().name("heddle-tunnel-up " + upstreamAddress).start(() -> {
            CopyLoop.Result r = CopyLoop.copy(client.in(), toUpstream, new byte[START_BUFFER], bufferSize, CopyLoop.FlushPolicy.BUFFERED);
            logEnd(r, "client", "upstream");
            close();
        });
        Thread timer = timeout.isZero() ? null : Thread.ofVirtual().name("heddle-tunnel-timeout").start(() -> {
            try {
                Thread.sleep(timeout);  // stream_timeout IS a wait
                LOG.log(Level.DEBUG, () -> "stream_timeout: closing the stream to " + upstreamAddress);
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // BUFFERED: LockedFlushingStream flushes each write already
        CopyLoop.Result r = CopyLoop.copy(upstream.in(), toClient, new byte[START_BUFFER], bufferSize, CopyLoop.FlushPolicy.BUFFERED);
        logEnd(r, "upstream", "client");
        close();
        try {
            up.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (timer != null) {
            timer.interrupt();
        }
    }

    /** The config went away: WebSockets get a 1001 Close frame both ways (masked to the upstream), then all is closed. */
    void goingAway() {
        if (websocket && !closed) {
            try {
                toClient.write(closeFrame(false));
            } catch (IOException ignored) {
                // the client is gone already
            }
            try {
                toUpstream.write(closeFrame(true));
            } catch (IOException ignored) {
                // the upstream is gone already
            }
        }
        close();
    }

    /** RFC 6455 §5.2: a Close frame with code 1001; frames to a server must be masked. */
    static byte[] closeFrame(boolean masked) {
        if (!masked) {
            return new byte[] {(byte) 0x88, 0x02, GOING_AWAY[0], GOING_AWAY[1]};
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return new byte[] {(byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
            (byte) (GOING_AWAY[0] ^ mask[0]), (byte) (GOING_AWAY[1] ^ mask[1])};
    }

    /** A read failure is the side read from; a write failure the side written to. */
    private void logEnd(CopyLoop.Result r, String from, String to) {
        if (!closed && !r.ok()) {
            String what = r.outcome() == CopyLoop.Outcome.READ_ERROR ? "reading from the " + from : "writing to the " + to;
            LOG.log(Level.DEBUG, () -> "stream with " + upstreamAddress + " ended: " + what + " failed: " + r.failure().getMessage());
        }
    }

    /** Closes both sides; the other copy loop's blocked read then fails and it ends too. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        upstream.close();
        client.close().run();
    }

    /** One writer at a time (a going-away frame may race the copy loop), each write flushed. */
    private static final class LockedFlushingStream extends OutputStream {
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();

        LockedFlushingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                out.write(b, off, len);
                out.flush();
            } finally {
                lock.unlock();
            }
        }
    }
}
