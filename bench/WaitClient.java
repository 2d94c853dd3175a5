import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * N connections, opened first, then each sends one GET at the same moment to a backend that
 * answers after 1 s; prints how long until every answer arrived, as the RESULT line report.lua
 * prints (wrk ramps connections up too slowly to hold 10,000 requests in flight at once). One
 * thread and one selector, so the client itself costs little of the shared cores.
 * Run with any JDK >= 17: {@code java bench/WaitClient.java PORT N}.
 */
public final class WaitClient {
    private static final byte[] REQUEST = "GET /wait HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int CONNECTS_IN_FLIGHT = 256;  // paces the SYNs: an accept-queue overflow adds 1 s retransmits
    private static final long GIVE_UP_NANOS = 60_000_000_000L;

    /** One connection's response so far; {@code millis} once it is complete (or -1 on failure). */
    private static final class Exchange {
        final ByteBuffer in = ByteBuffer.allocate(4096);
        double millis = Double.NaN;
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        int n = Integer.parseInt(args[1]);
        Selector selector = Selector.open();
        SocketChannel[] channels = connectAll(selector, target, n);
        Exchange[] exchanges = new Exchange[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            exchanges[i] = new Exchange();
            if (channels[i] == null) {
                exchanges[i].millis = -1;
                continue;
            }
            try {
                channels[i].write(ByteBuffer.wrap(REQUEST));  // 36 bytes into an empty socket buffer: written whole
                SelectionKey key = channels[i].keyFor(selector);
                key.attach(exchanges[i]);
                key.interestOps(SelectionKey.OP_READ);
            } catch (IOException e) {
                exchanges[i].millis = -1;
            }
        }
        int open = (int) Arrays.stream(exchanges).filter(e -> Double.isNaN(e.millis)).count();
        while (open > 0 && System.nanoTime() - start < GIVE_UP_NANOS) {
            selector.select(1000);
            for (SelectionKey key : selector.selectedKeys()) {
                if (!(key.attachment() instanceof Exchange ex) || !Double.isNaN(ex.millis)) {
                    key.cancel();  // its request could not be written: counted as failed already
                    continue;
                }
                if (readSome((SocketChannel) key.channel(), ex, start)) {
                    key.cancel();
                    key.channel().close();
                    open--;
                }
            }
            selector.selectedKeys().clear();
        }
        report(exchanges, (System.nanoTime() - start) / 1e9, n);
    }

    private static SocketChannel[] connectAll(Selector selector, InetSocketAddress target, int n) throws IOException {
        SocketChannel[] channels = new SocketChannel[n];
        int next = 0;
        int pending = 0;
        int[] attempts = new int[n];
        ArrayDeque<long[]> retries = new ArrayDeque<>();  // {due nanos, index}, in due order
        long deadline = System.nanoTime() + GIVE_UP_NANOS;
        while ((next < n || pending > 0 || !retries.isEmpty()) && System.nanoTime() < deadline) {
            long now = System.nanoTime();
            while (!retries.isEmpty() && retries.peekFirst()[0] - now <= 0 && pending < CONNECTS_IN_FLIGHT) {
                int i = (int) retries.pollFirst()[1];
                pending += startConnect(selector, target, i, attempts, retries) ? 1 : 0;
            }
            while (next < n && pending < CONNECTS_IN_FLIGHT) {
                int i = next++;
                pending += startConnect(selector, target, i, attempts, retries) ? 1 : 0;
            }
            selector.select(retries.isEmpty() ? 1000 : 10);
            for (SelectionKey key : selector.selectedKeys()) {
                int i = (Integer) key.attachment();
                SocketChannel c = (SocketChannel) key.channel();
                try {
                    if (!c.finishConnect()) {
                        continue;  // not yet: the key stays interested in OP_CONNECT
                    }
                    pending--;
                    key.interestOps(0);  // quiet until the start: early bytes must not wake this loop
                    channels[i] = c;
                } catch (IOException e) {
                    pending--;
                    key.cancel();
                    c.close();
                    retryLater(i, attempts, retries);
                }
            }
            selector.selectedKeys().clear();
        }
        return channels;
    }

    /** Starts a non-blocking connect; false (and a retry queued, if attempts are left) when it failed at once. */
    private static boolean startConnect(Selector selector, InetSocketAddress target, int i, int[] attempts,
                                        ArrayDeque<long[]> retries) {
        SocketChannel c = null;
        try {
            c = SocketChannel.open();
            c.configureBlocking(false);
            c.connect(target);
            c.register(selector, SelectionKey.OP_CONNECT, i);
            return true;
        } catch (IOException e) {  // out of descriptors or ports, refused at once: this connection fails
            if (c != null) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // it never connected
                }
            }
            retryLater(i, attempts, retries);
            return false;
        }
    }

    /** Up to 50 attempts, 50 ms apart (as the asyncio client did); after that the connection counts as failed. */
    private static void retryLater(int i, int[] attempts, ArrayDeque<long[]> retries) {
        if (++attempts[i] < 50) {
            retries.addLast(new long[] {System.nanoTime() + 50_000_000L, i});
        }
    }

    /** Reads what is there; true once the response is complete or the connection failed. */
    private static boolean readSome(SocketChannel c, Exchange ex, long start) {
        try {
            if (c.read(ex.in) < 0 || !ex.in.hasRemaining()) {
                ex.millis = -1;
                return true;
            }
        } catch (IOException e) {
            ex.millis = -1;
            return true;
        }
        String text = new String(ex.in.array(), 0, ex.in.position(), StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        int length = -1;
        for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        if (length < 0) {  // the backend always sends a Content-Length: without one the end cannot be timed
            ex.millis = -1;
            return true;
        }
        if (ex.in.position() < headEnd + 4 + length) {
            return false;
        }
        ex.millis = text.startsWith("HTTP/1.1 200") ? (System.nanoTime() - start) / 1e6 : -1;
        return true;
    }

    private static void report(Exchange[] exchanges, double seconds, int n) {
        double[] times = Arrays.stream(exchanges).mapToDouble(e -> e.millis).filter(t -> t >= 0).sorted().toArray();
        int errors = n - times.length;
        System.out.printf(Locale.ROOT, "RESULT rps=%.1f p50=%.3f p99=%.3f p999=%.3f max=%.3f errors=%d requests=%d%n",
                seconds > 0 ? times.length / seconds : 0, pct(times, 0.5), pct(times, 0.99), pct(times, 0.999),
                times.length > 0 ? times[times.length - 1] : 0, errors, times.length);
    }

    private static double pct(double[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
