package dev.heddle.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The response side of one exchange as handlers write it: a status and headers that can change
 * until the response is committed, then a whole body ({@link #send(byte[])}) or a stream
 * ({@link #outputStream()}, committed on its first write or flush). It counts the body bytes
 * handed to the client, for the access log. The protocol is the {@link ClientSide}'s business.
 */
public final class Response {
    private static final byte[] EMPTY = new byte[0];

    private ClientSide client;
    private int status = 200;
    private final HeaderList headers = new HeaderList(8);
    private HeaderList trailers;
    private boolean committed;
    private BodyStream stream;
    private long bodyBytes;
    private java.util.List<Runnable> beforeSend;

    public Response(ClientSide client) {
        this.client = client;
    }

    /**
     * Sends the head and body through a decorator from now on (the encode handler); returns
     * the action that puts the previous client side back while nothing has been sent.
     */
    public Runnable wrapClient(java.util.function.UnaryOperator<ClientSide> wrap) {
        ClientSide before = client;
        client = wrap.apply(before);
        return () -> {
            if (!committed) {
                client = before;
            }
        };
    }

    public Response status(int code) {
        this.status = code;
        return this;
    }

    public int status() {
        return status;
    }

    /** The headers to send; changes after the response is committed have no effect. */
    public HeaderList headers() {
        return headers;
    }

    /** Sets a field, replacing any lines of it. */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public void contentLength(long length) {
        headers.set("Content-Length", Long.toString(length));
    }

    /** Trailer fields sent after a streamed body whose head announced them ({@code Trailer}). */
    public HeaderList trailers() {
        if (trailers == null) {
            trailers = new HeaderList(2);
        }
        return trailers;
    }

    /** Runs just before the head is written (deferred header ops see the final status). */
    public void beforeSend(Runnable action) {
        if (beforeSend == null) {
            beforeSend = new java.util.ArrayList<>(2);
        }
        beforeSend.add(action);
    }

    /** Marks the response committed and runs the beforeSend actions, once. */
    private void commit() {
        if (committed) {
            throw new IllegalStateException("response already sent");
        }
        committed = true;
        if (beforeSend != null) {
            beforeSend.forEach(Runnable::run);
        }
    }

    /** Whether the head has gone to the client (nothing about the response can change then). */
    public boolean isSent() {
        return committed;
    }

    /** Body bytes handed to the client so far. */
    public long bodyBytesSent() {
        return bodyBytes;
    }

    /** Sends the response with no body. */
    public void send() {
        send(EMPTY);
    }

    /** Sends the response with this whole body (its Content-Length set from it). */
    public void send(byte[] body) {
        commit();
        try {
            client.sendWhole(status, headers, body, 0, body.length);
            bodyBytes += body.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code count} bytes of an open file from {@code position} as the whole body (its
     * Content-Length set from the count); the file is the caller's to close.
     */
    public void sendFile(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        commit();
        client.sendFile(status, headers, file, position, count);
        bodyBytes += count;
    }

    /** The body as a stream: the head goes out on its first write or flush; close ends the body. */
    public OutputStream outputStream() {
        if (stream == null) {
            if (committed) {
                throw new IllegalStateException("response already sent");
            }
            stream = new BodyStream();
        }
        return stream;
    }

    /** Called by the server once the handlers are done: ends a streamed body left open. */
    public void finish() throws IOException {
        if (stream != null) {
            stream.close();
        }
    }

    private long declaredLength() {
        String v = headers.first("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            headers.remove("Content-Length");  // never frame a body by a length that is not one
            return -1;
        }
    }

    /** Commits the head on first use, then passes bytes to the client's body stream. */
    private final class BodyStream extends OutputStream {
        private OutputStream out;
        private boolean closed;

        private OutputStream out() throws IOException {
            if (out == null) {
                commit();
                out = client.startBody(status, headers, declaredLength(), headers.first("Trailer") != null);
            }
            return out;
        }

        @Override
        public void write(int b) throws IOException {
            out().write(b);
            bodyBytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out().write(b, off, len);
            bodyBytes += len;
        }

        @Override
        public void flush() throws IOException {
            out().flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            out();
            client.endBody(trailers == null ? new HeaderList(0) : trailers);
        }
    }
}
