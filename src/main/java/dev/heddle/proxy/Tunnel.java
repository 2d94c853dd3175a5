package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.UpgradedConnection;
import dev.heddle.transport.UpstreamResponse;
import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An upgraded stream (WebSocket or any protocol) spliced between client and upstream, as Caddy
 * does (streaming.go, handleUpgradeResponse):
 * <ol>
 *   <li>the 101 is relayed raw on the client connection (Helidon has no API for it);</li>
 *   <li>two copy loops, one per direction on its own virtual thread, move bytes; bytes either
 *       side sent early (after its head) are kept and forwarded first;</li>
 *   <li>when either direction ends (EOF, error, stream_timeout, config retired), both
 *       connections are closed; the handler then drops the client connection.</li>
 * </ol>
 */
final class Tunnel {
    private static final System.Logger LOG = System.getLogger("dev.heddle.proxy");
    /** RFC 6455 §5.5.1 Close frame, status 1001 "going away". */
    private static final byte[] GOING_AWAY = {(byte) 0x03, (byte) 0xE9};

    private final ConnectionContext client;
    private final UpgradedConnection upstream;
    private final boolean websocket;
    private final String upstreamAddress;
    private final ReentrantLock clientWrites = new ReentrantLock();
    private final ReentrantLock upstreamWrites = new ReentrantLock();
    private volatile boolean closed;

    private Tunnel(ConnectionContext client, UpgradedConnection upstream, boolean websocket, String upstreamAddress) {
        this.client = client;
        this.upstream = upstream;
        this.websocket = websocket;
        this.upstreamAddress = upstreamAddress;
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
        ConnectionContext client = ex.connection();
        UpgradedConnection up = res.upgrade();
        Tunnel t = new Tunnel(client, up, type.equalsIgnoreCase("websocket"), upstreamAddress);
        ex.hijacked();
        ex.loggedStatus(101);
        tunnels.add(t);
        try {
            client.dataWriter().writeNow(BufferData.create(switchingProtocols(res, type)));
            t.splice(timeout, bufferSize);
        } finally {
            tunnels.remove(t);
            t.close();
        }
        throw new CloseConnectionException("upgraded stream ended");
    }

    private static byte[] switchingProtocols(UpstreamResponse res, String type) {
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        for (HeaderField h : HopByHop.endToEnd(res.headers())) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        head.append("Connection: Upgrade\r\nUpgrade: ").append(type).append("\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private void splice(Duration timeout, int bufferSize) {
        Thread toUpstream = Thread.ofVirtual().name("heddle-tunnel-up " + upstreamAddress).start(this::clientToUpstream);
        Thread timer = timeout.isZero() ? null : Thread.ofVirtual().name("heddle-tunnel-timeout").start(() -> {
            try {
                Thread.sleep(timeout);  // stream_timeout IS a wait
                LOG.log(Level.DEBUG, () -> "stream_timeout: closing the stream to " + upstreamAddress);
                close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        upstreamToClient(bufferSize);
        close();
        try {
            toUpstream.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (timer != null) {
            timer.interrupt();
        }
    }

    /** Upstream → client: a read failure is the upstream's, a write failure the client's. */
    private void upstreamToClient(int bufferSize) {
        byte[] buf = new byte[bufferSize];
        while (!closed) {
            int n;
            try {
                n = upstream.in().read(buf, 0, buf.length);
            } catch (IOException e) {
                logEnd("reading from the upstream failed", e);
                return;
            }
            if (n < 0) {
                return;
            }
            try {
                writeClient(BufferData.create(buf, 0, n));
            } catch (RuntimeException e) {
                logEnd("writing to the client failed", e);
                return;
            }
        }
    }

    /** Client → upstream: Helidon's reader holds any bytes the client sent after its head. */
    private void clientToUpstream() {
        while (!closed) {
            BufferData data;
            try {
                data = client.dataReader().readBuffer();
            } catch (RuntimeException e) {
                break;  // client closed (EOF) or reset
            }
            try {
                byte[] bytes = new byte[data.available()];
                data.read(bytes);
                writeUpstream(bytes);
            } catch (IOException e) {
                logEnd("writing to the upstream failed", e);
                break;
            }
        }
        close();
    }

    private void writeClient(BufferData data) {
        clientWrites.lock();
        try {
            client.dataWriter().writeNow(data);
        } finally {
            clientWrites.unlock();
        }
    }

    private void writeUpstream(byte[] bytes) throws IOException {
        upstreamWrites.lock();
        try {
            OutputStream out = upstream.out();
            out.write(bytes);
            out.flush();
        } finally {
            upstreamWrites.unlock();
        }
    }

    /** The config went away: WebSockets get a 1001 Close frame both ways (masked to the upstream), then all is closed. */
    void goingAway() {
        if (websocket && !closed) {
            try {
                writeClient(BufferData.create(closeFrame(false)));
            } catch (RuntimeException ignored) {
                // the client is gone already
            }
            try {
                writeUpstream(closeFrame(true));
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

    private void logEnd(String what, Exception e) {
        if (!closed) {
            LOG.log(Level.DEBUG, () -> "stream with " + upstreamAddress + " ended: " + what + ": " + e.getMessage());
        }
    }

    /** Closes both sides; the other copy loop's blocked read then fails and it ends too. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        upstream.close();
        try {
            client.serverSocket().close();
        } catch (RuntimeException ignored) {
            // already closed
        }
    }
}
