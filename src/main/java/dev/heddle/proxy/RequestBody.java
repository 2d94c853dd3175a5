package dev.heddle.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The client's request body as the attempts see it. Read ahead into memory up to
 * {@code request_buffers} bytes: when that holds the whole body it gets a Content-Length and
 * every attempt replays it. Otherwise it streams once, and {@link #touched()} says whether any
 * byte was taken from it, after which no retry may send the request again.
 */
final class RequestBody {
    private final byte[] buffered;
    private final InputStream stream;
    private final long contentLength;
    private long consumed;

    private RequestBody(byte[] buffered, InputStream stream, long contentLength) {
        this.buffered = buffered;
        this.stream = stream;
        this.contentLength = contentLength;
    }

    static RequestBody none() {
        return new RequestBody(null, null, -1);
    }

    /**
     * @param limit request_buffers: 0 = stream, -1 = buffer all, N = buffer up to N bytes
     * @throws IOException the client failed while its body was being read ahead
     */
    static RequestBody of(InputStream client, long contentLength, long limit) throws IOException {
        if (limit == 0) {
            return new RequestBody(null, client, contentLength);
        }
        long cap = limit < 0 ? Integer.MAX_VALUE - 16 : Math.min(limit, Integer.MAX_VALUE - 16);
        if (contentLength >= 0 && contentLength <= cap) {
            byte[] all = client.readNBytes((int) contentLength);
            return new RequestBody(all, null, all.length);
        }
        byte[] ahead = client.readNBytes((int) cap);
        int next = ahead.length < cap ? -1 : client.read();
        if (next < 0) {
            return new RequestBody(ahead, null, ahead.length);
        }
        // More than fits: what was read goes first, then the rest streams (not replayable).
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(ahead),
                new SequenceInputStream(new ByteArrayInputStream(new byte[] {(byte) next}), client));
        return new RequestBody(null, rest, contentLength);
    }

    boolean present() {
        return buffered != null || stream != null;
    }

    /** The body for one attempt. */
    InputStream open() {
        if (buffered != null) {
            return new ByteArrayInputStream(buffered);
        }
        return stream == null ? null : new Counting(stream);
    }

    long contentLength() {
        return contentLength;
    }

    /** Whether this body can be sent again after an attempt took some of it. */
    boolean replayable() {
        return buffered != null || stream == null;
    }

    /** Body bytes taken from the client (read ahead, or streamed by attempts). */
    long bytesRead() {
        return buffered != null ? buffered.length : consumed;
    }

    /** Whether an attempt has taken bytes of a body that cannot be replayed. */
    boolean touched() {
        return consumed > 0;
    }

    private final class Counting extends InputStream {
        private final InputStream in;

        Counting(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                consumed++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        }
    }
}
