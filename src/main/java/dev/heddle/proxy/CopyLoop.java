package dev.heddle.proxy;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The hand-written copy loop (DESIGN.md §4): copies upstream bytes to the client and says
 * which side failed, as a value. A failed {@code read} is the upstream's fault (it broke the
 * response); a failed {@code write} or {@code flush} is the client's (it went away). The two
 * need opposite handling, so they are never lumped into one exception.
 */
public final class CopyLoop {
    /** How a copy ended. */
    public enum Outcome { EOF, READ_ERROR, WRITE_ERROR }

    /**
     * When to flush the client stream: after a write, once {@code intervalNanos} have passed
     * since the last flush (Caddy's flush_interval; 0 = after every write).
     */
    public record FlushPolicy(long intervalNanos) {
        /** Streams of unknown length, SSE, flush_interval -1 (Caddy's rules). */
        public static final FlushPolicy EVERY_WRITE = new FlushPolicy(0);
        /** Let the server's buffer decide (a body of known length, flush_interval 0). */
        public static final FlushPolicy BUFFERED = new FlushPolicy(Long.MAX_VALUE);
    }

    /** Bytes copied and how it ended; {@code failure} is set for the two error outcomes. */
    public record Result(long bytes, Outcome outcome, Exception failure) {
        public boolean ok() {
            return outcome == Outcome.EOF;
        }
    }

    private CopyLoop() {
    }

    public static Result copy(InputStream upstream, OutputStream client, byte[] buffer, FlushPolicy flush) {
        return copy(upstream, client, buffer, buffer.length, flush);
    }

    /**
     * As {@link #copy(InputStream, OutputStream, byte[], FlushPolicy)}, starting with a small
     * buffer that doubles (up to {@code maxBuffer}) whenever a read fills it: a mostly idle
     * stream (a WebSocket) holds little, a busy one soon reads in large pieces.
     */
    public static Result copy(InputStream upstream, OutputStream client, byte[] buffer, int maxBuffer, FlushPolicy flush) {
        long total = 0;
        long lastFlush = System.nanoTime();
        while (true) {
            int n;
            try {
                n = upstream.read(buffer, 0, buffer.length);
            } catch (Exception e) {
                return new Result(total, Outcome.READ_ERROR, e);
            }
            if (n < 0) {
                return new Result(total, Outcome.EOF, null);
            }
            if (n == 0) {
                continue;
            }
            try {
                client.write(buffer, 0, n);
                if (flush.intervalNanos() == 0) {
                    client.flush();
                } else if (flush.intervalNanos() != Long.MAX_VALUE && System.nanoTime() - lastFlush >= flush.intervalNanos()) {
                    client.flush();
                    lastFlush = System.nanoTime();
                }
            } catch (Exception e) {
                // A broken client socket may surface as UncheckedIOException: still a write error.
                return new Result(total, Outcome.WRITE_ERROR, e);
            }
            total += n;
            if (n == buffer.length && buffer.length < maxBuffer) {
                buffer = new byte[Math.min(maxBuffer, buffer.length * 2)];
            }
        }
    }
}
