import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.Executors;

/**
 * The floor of Heddle's fixed shape, for bench/run's "floor" target: a blocking HTTP/1.1 proxy
 * on virtual threads (one per client connection, one upstream connection each, Heddle's JVM
 * options) that does no HTTP work beyond finding each message's end: Content-Length and
 * Connection: close found by comparing bytes in place (no strings), no routing, no header edits. What Heddle costs above it
 * is Heddle's own work; what it costs above nginx is the shape's. bench/run uses it in the
 * small and headers scenarios, where per-request work is what is measured: it has no pool (a
 * client connection that closes takes its upstream connection along) and copies big bodies
 * through 16 KiB, so "close" and "big" would measure those choices instead. Content-Length
 * bodies only, no chunked coding.
 *
 *   java bench/VirtualThreadFloor.java LISTEN_PORT UPSTREAM_PORT   (JDK 21 or later)
 */
public class VirtualThreadFloor {
    public static void main(String[] args) throws Exception {
        int upstream = Integer.parseInt(args[1]);
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 4096, InetAddress.getLoopbackAddress());
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            while (true) {
                Socket client = server.accept();
                threads.submit(() -> serve(client, upstream));
            }
        }
    }

    private static void serve(Socket client, int upstreamPort) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            Message request = new Message(client.getInputStream());
            Message response = new Message(upstream.getInputStream());
            OutputStream toUpstream = upstream.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            while (request.readHead()) {
                request.forward(toUpstream);
                if (!response.readHead()) {
                    return;
                }
                response.forward(toClient);
                if (request.close || response.close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client or the backend went away: the connection ends
        }
    }

    /** One direction of a connection: a head found in the buffer, then its Content-Length body. */
    private static final class Message {
        private final InputStream in;
        private byte[] buf = new byte[16 * 1024];
        private int start;  // the current message's first byte
        private int end;    // bytes in the buffer
        private int headEnd;
        private long length;
        boolean close;

        Message(InputStream in) {
            this.in = in;
        }

        /** Reads until a whole head is buffered; false at end of stream before one. */
        boolean readHead() throws IOException {
            while ((headEnd = find(start, end)) < 0) {
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    return false;
                }
                end += n;
            }
            length = 0;
            close = false;
            // Content-Length and Connection: close found by comparing bytes in place (no strings).
            for (int line = start; line < headEnd; ) {
                int eol = line;
                while (buf[eol] != '\n') {
                    eol++;
                }
                if (startsWith(line, eol, CONTENT_LENGTH)) {
                    for (int i = line + CONTENT_LENGTH.length; i < eol; i++) {
                        if (buf[i] >= '0' && buf[i] <= '9') {
                            length = length * 10 + buf[i] - '0';
                        }
                    }
                } else if (startsWith(line, eol, CONNECTION) && contains(line, eol, CLOSE)) {
                    close = true;
                }
                line = eol + 1;
            }
            return true;
        }

        /** Writes the head and its body: what is buffered in one write, the rest as it arrives. */
        void forward(OutputStream out) throws IOException {
            long left = headEnd - start + length;
            int buffered = (int) Math.min(left, end - start);
            out.write(buf, start, buffered);
            left -= buffered;
            start += buffered;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("body cut short");
                }
                out.write(buf, 0, n);
                left -= n;
            }
            if (start == end) {
                start = end = 0;
            }
        }

        private static final byte[] CONTENT_LENGTH = "content-length:".getBytes();
        private static final byte[] CONNECTION = "connection:".getBytes();
        private static final byte[] CLOSE = "close".getBytes();

        /** Whether buf[from, to) starts with {@code lower}, ASCII case folded. */
        private boolean startsWith(int from, int to, byte[] lower) {
            if (to - from < lower.length) {
                return false;
            }
            for (int i = 0; i < lower.length; i++) {
                if ((buf[from + i] | 0x20) != lower[i] && buf[from + i] != lower[i]) {
                    return false;
                }
            }
            return true;
        }

        private boolean contains(int from, int to, byte[] lower) {
            for (int i = from; i + lower.length <= to; i++) {
                if (startsWith(i, to, lower)) {
                    return true;
                }
            }
            return false;
        }

        private int find(int from, int to) {
            for (int i = from + 3; i < to; i++) {
                if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                    return i + 1;
                }
            }
            return -1;
        }
    }
}
