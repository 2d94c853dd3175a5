import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A backend that answers every request 1 s after its head arrived, for the waiting-connections
 * scenario: one thread, one selector, a FIFO of due answers (the delay is constant, so due times
 * arrive in order). The asyncio backend it replaces needed most of the time budget itself.
 * Run with any JDK >= 17: {@code java bench/WaitBackend.java PORT}.
 */
public final class WaitBackend {
    private static final long DELAY_NANOS = 1_000_000_000L;
    private static final byte[] RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nwaited\n".getBytes(StandardCharsets.US_ASCII);

    /** One client connection: unparsed request bytes, and the answer still being written. */
    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer out;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private record Due(long at, Conn conn) {}

    public static void main(String[] args) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 65535);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        ArrayDeque<Due> due = new ArrayDeque<>();
        while (true) {
            long wait = due.isEmpty() ? 0 : Math.max(1, (due.peekFirst().at() - System.nanoTime()) / 1_000_000);
            selector.select(wait);
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    acceptAll(server, selector);
                    continue;
                }
                Conn conn = (Conn) key.attachment();
                if (key.isWritable()) {
                    write(key, conn);
                }
                if (key.isValid() && key.isReadable()) {
                    read(key, conn, due);
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            while (!due.isEmpty() && due.peekFirst().at() - now <= 0) {
                Conn conn = due.pollFirst().conn();
                SelectionKey key = conn.channel.keyFor(selector);
                if (key == null || !key.isValid()) {
                    continue;
                }
                conn.out = pending(conn.out);
                write(key, conn);
            }
        }
    }

    /**
     * Accepts what is queued. A failure (out of descriptors) costs that one connection and is
     * reported, and the backend goes on: every later row of the run depends on it.
     */
    private static void acceptAll(ServerSocketChannel server, Selector selector) {
        while (true) {
            SocketChannel c = null;
            try {
                c = server.accept();
                if (c == null) {
                    return;
                }
                c.configureBlocking(false);
                c.register(selector, SelectionKey.OP_READ, new Conn(c));
            } catch (IOException e) {
                System.err.println("wait backend: accept failed: " + e.getMessage());
                if (c != null) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // the connection is lost either way
                    }
                }
                return;  // the rest stays queued for the next select
            }
        }
    }

    private static void read(SelectionKey key, Conn conn, ArrayDeque<Due> due) {
        try {
            int n = conn.channel.read(conn.in);
            if (n < 0 || !conn.in.hasRemaining()) {  // closed, or a head larger than the buffer
                close(key);
                return;
            }
        } catch (IOException e) {
            close(key);
            return;
        }
        int end;
        while ((end = headEnd(conn.in)) >= 0) {  // bodies are not expected: GETs only
            due.addLast(new Due(System.nanoTime() + DELAY_NANOS, conn));
            conn.in.flip().position(end);
            conn.in.compact();
        }
    }

    private static void write(SelectionKey key, Conn conn) {
        try {
            conn.channel.write(conn.out);
            key.interestOps(conn.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        } catch (IOException e) {
            close(key);
        }
    }

    /** The answer appended to whatever of an earlier one is still unwritten (a pipelining client). */
    private static ByteBuffer pending(ByteBuffer out) {
        if (out == null || !out.hasRemaining()) {
            return ByteBuffer.wrap(RESPONSE);
        }
        ByteBuffer both = ByteBuffer.allocate(out.remaining() + RESPONSE.length);
        return both.put(out).put(RESPONSE).flip();
    }

    /** Index just past the first CRLFCRLF among the bytes read so far, or -1. */
    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 3; i < in.position(); i++) {
            if (a[i] == '\n' && a[i - 1] == '\r' && a[i - 2] == '\n' && a[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing a broken connection; nothing to report
        }
    }
}
