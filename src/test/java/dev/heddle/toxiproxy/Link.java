package dev.heddle.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One direction of one proxied connection. A reader thread queues chunks (one socket read of up
 * to 32 KiB each, with its arrival time); a writer thread passes each through the toxics of its
 * direction, read afresh per chunk so that adding, changing or removing a toxic affects open
 * connections. Sleeps here ARE the toxics' behaviour.
 */
final class Link {
    private record Chunk(byte[] data, long arrivedNanos) {
    }

    private static final Chunk EOF = new Chunk(null, 0);

    private final ProxyInstance proxy;
    private final ProxyInstance.Conn conn;
    private final boolean upstream;
    private final Socket from;
    private final Socket to;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final Map<String, Boolean> rolled = new ConcurrentHashMap<>();
    private long written;
    volatile boolean heldByTimeout;

    Link(ProxyInstance proxy, ProxyInstance.Conn conn, boolean upstream, Socket from, Socket to) {
        this.proxy = proxy;
        this.conn = conn;
        this.upstream = upstream;
        this.from = from;
        this.to = to;
    }

    void start() {
        Thread.ofVirtual().name("toxiproxy-read").start(this::read);
        Thread.ofVirtual().name("toxiproxy-write").start(this::write);
    }

    boolean upstream() {
        return upstream;
    }

    /** Whether the toxic is active on this link: toxicity is rolled once per link and toxic version. */
    boolean active(ToxicSpec t) {
        return rolled.computeIfAbsent(t.name() + "#" + t.version(), k -> ThreadLocalRandom.current().nextDouble() < t.toxicity());
    }

    private void read() {
        byte[] buf = new byte[32 * 1024];
        try {
            InputStream in = from.getInputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                queue.add(new Chunk(Arrays.copyOf(buf, n), System.nanoTime()));
            }
        } catch (IOException e) {
            // closed or reset: same as EOF for the chain
        }
        queue.add(EOF);
    }

    private void write() {
        try {
            OutputStream out = to.getOutputStream();
            while (true) {
                Chunk c = queue.take();
                List<ToxicSpec> toxics = proxy.toxics(upstream).stream().filter(this::active).toList();
                if (c == EOF) {
                    onEof(toxics);
                    return;
                }
                if (!deliver(c, toxics, out)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            conn.close();
        }
    }

    private void onEof(List<ToxicSpec> toxics) throws InterruptedException {
        for (ToxicSpec t : toxics) {
            switch (t.type()) {
                case "slow_close" -> Thread.sleep(t.attr("delay"));  // the toxic IS this delay
                case "reset_peer" -> {
                    Thread.sleep(t.attr("timeout"));  // reset_peer's timeout IS the toxic
                    conn.reset();
                    return;
                }
                case "timeout" -> {
                    heldByTimeout = true;
                    return;  // held: the timeout toxic decides when this closes
                }
                default -> { }
            }
        }
        conn.close();
    }

    /** Runs one chunk through the toxic chain; false when the connection was ended. */
    private boolean deliver(Chunk c, List<ToxicSpec> toxics, OutputStream out) throws IOException, InterruptedException {
        byte[] data = c.data();
        for (ToxicSpec t : toxics) {
            switch (t.type()) {
                case "timeout" -> {
                    heldByTimeout = true;
                    return true;  // data is dropped; a timer (or removing the toxic) closes the connection
                }
                case "reset_peer" -> {
                    Thread.sleep(t.attr("timeout"));  // reset_peer's timeout IS the toxic
                    conn.reset();
                    return false;
                }
                case "latency" -> {
                    long jitter = t.attr("jitter");
                    long delay = t.attr("latency") + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
                    long wait = c.arrivedNanos() + delay * 1_000_000L - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));  // the latency IS the toxic
                    }
                }
                case "limit_data" -> {
                    long left = t.attr("bytes") - written;
                    if (data.length >= left) {
                        out.write(data, 0, (int) Math.max(0, left));
                        out.flush();
                        written += Math.max(0, left);
                        conn.close();
                        return false;
                    }
                }
                default -> { }
            }
        }
        ToxicSpec bandwidth = toxics.stream().filter(t -> t.type().equals("bandwidth") && t.attr("rate") > 0).findFirst().orElse(null);
        ToxicSpec slicer = toxics.stream().filter(t -> t.type().equals("slicer") && t.attr("average_size") > 0).findFirst().orElse(null);
        if (bandwidth != null) {
            paced(out, data, (int) Math.max(1, bandwidth.attr("rate") * 100), 100_000_000L);
        } else if (slicer != null) {
            sliced(out, data, slicer);
        } else {
            out.write(data);
            out.flush();
        }
        written += data.length;
        return true;
    }

    /** bandwidth: at most rate KB/s, i.e. rate*100 bytes every 100 ms. */
    private static void paced(OutputStream out, byte[] data, int piece, long periodNanos) throws IOException, InterruptedException {
        for (int off = 0; off < data.length; off += piece) {
            long start = System.nanoTime();
            int n = Math.min(piece, data.length - off);
            out.write(data, off, n);
            out.flush();
            long wait = (long) ((double) n / piece * periodNanos) - (System.nanoTime() - start);
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));  // bandwidth pacing IS the toxic
            }
        }
    }

    /** slicer: pieces of average_size ± size_variation bytes, delay µs apart. */
    private static void sliced(OutputStream out, byte[] data, ToxicSpec t) throws IOException, InterruptedException {
        long avg = t.attr("average_size");
        long var = Math.min(t.attr("size_variation"), avg - 1);
        int off = 0;
        while (off < data.length) {
            long size = avg + (var > 0 ? ThreadLocalRandom.current().nextLong(-var, var + 1) : 0);
            int n = (int) Math.max(1, Math.min(size, data.length - off));
            out.write(data, off, n);
            out.flush();
            off += n;
            long micros = t.attr("delay");
            if (micros > 0 && off < data.length) {
                Thread.sleep(micros / 1000, (int) ((micros % 1000) * 1000));  // the slicer's delay IS the toxic
            }
        }
    }
}
