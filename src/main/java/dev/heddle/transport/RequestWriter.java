package dev.heddle.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a request head and streams its body, keeping the two failure sides apart: a failed
 * read of the client's body is a {@link ClientReadException}, a failed write to the upstream an
 * {@link UpstreamWriteException}. Records whether any client body byte was consumed, because
 * after that the request can no longer be replayed.
 */
final class RequestWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final UpstreamRequest request;
    private final boolean keepAlive;
    private boolean bodyTouched;

    RequestWriter(UpstreamRequest request, boolean keepAlive) {
        this.request = request;
        this.keepAlive = keepAlive;
    }

    boolean bodyTouched() {
        return bodyTouched;
    }

    void write(Http1Connection conn) throws TransportException {
        writeHead(conn);
        writeBody(conn);
    }

    /** The head alone, flushed (to wait for a 100 Continue before the body). */
    void writeHead(Http1Connection conn) throws TransportException {
        try {
            head().writeTo(conn.out);
        } catch (IOException e) {
            throw new UpstreamWriteException(conn.dial, "writing the request head failed: " + e.getMessage(), e);
        }
    }

    boolean expectsContinue() {
        if (request.body() == null) {
            return false;
        }
        for (HeaderField h : request.headers()) {
            if (h.name().equalsIgnoreCase("Expect") && h.value().equalsIgnoreCase("100-continue")) {
                return true;
            }
        }
        return false;
    }

    void flush(Http1Connection conn) throws TransportException {
        try {
            conn.out.flush();
        } catch (IOException e) {
            throw new UpstreamWriteException(conn.dial, "writing the request failed: " + e.getMessage(), e);
        }
    }

    void writeBody(Http1Connection conn) throws TransportException {
        if (request.body() != null) {
            if (request.contentLength() >= 0) {
                copyFixed(conn);
            } else {
                copyChunked(conn);
            }
        }
        try {
            conn.out.flush();
        } catch (IOException e) {
            throw new UpstreamWriteException(conn.dial, "writing the request failed: " + e.getMessage(), e);
        }
    }

    private HeadBytes head() {
        // The fields, plus the request line's and the added lines' fixed text (at most 70 bytes).
        int size = request.method().length() + request.target().length() + 80;
        for (HeaderField h : request.headers()) {
            size += h.name().length() + h.value().length() + 4;
        }
        HeadBytes b = new HeadBytes(size);  // sized once: no growing copies for a long head
        b.text(request.method()).text(" ").text(request.target()).text(" HTTP/1.1\r\n");
        boolean connectionGiven = false;
        for (HeaderField h : request.headers()) {
            String name = h.name();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")) {
                continue;
            }
            connectionGiven |= name.equalsIgnoreCase("Connection");  // e.g. "Upgrade" for an upgrade request
            b.text(name).text(": ").text(h.value()).text("\r\n");
        }
        if (request.body() != null) {
            if (request.contentLength() >= 0) {
                b.text("Content-Length: ").text(Long.toString(request.contentLength())).text("\r\n");
            } else {
                b.text("Transfer-Encoding: chunked\r\n");
            }
        } else if (isBodyMethod(request.method())) {
            b.text("Content-Length: 0\r\n");
        }
        if (!keepAlive && !connectionGiven) {
            b.text("Connection: close\r\n");
        }
        return b.text("\r\n");
    }

    /** Methods whose empty body is still announced as Content-Length: 0, as Go's client does. */
    private static boolean isBodyMethod(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
    }

    /**
     * A request head as ISO-8859-1 bytes, built in one array sized up front (no builder, string
     * and encoded copy of the whole head); a char above 0xFF becomes '?', as the charset's
     * encoder makes it.
     */
    private static final class HeadBytes {
        private final byte[] buf;
        private int count;

        HeadBytes(int size) {
            buf = new byte[size];
        }

        /** Appends within the size head() worked out (one byte per char, so a string's length is its bytes). */
        HeadBytes text(String s) {
            // The encoder's copy of a Latin-1 string is one vectorised copy, not a loop per char.
            byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(bytes, 0, buf, count, bytes.length);
            count += bytes.length;
            return this;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(buf, 0, count);
        }
    }

    private void copyFixed(Http1Connection conn) throws TransportException {
        byte[] buf = conn.copyBuffer();
        long left = request.contentLength();
        // One client read, one upstream write: a read returns what the socket holds (up to the
        // buffer), so reads come whole and a client that pauses gets what it sent forwarded.
        while (left > 0) {
            int n = readClient(conn, buf, 0, (int) Math.min(buf.length, left));
            if (n > 0) {
                writeUpstream(conn, buf, n);
                flushUpstream(conn);
                left -= n;
            }
            if (n < 0) {
                throw new ClientReadException(conn.dial, "the client's body ended " + left + " bytes short of its Content-Length", null);
            }
        }
    }

    private void copyChunked(Http1Connection conn) throws TransportException {
        byte[] buf = conn.copyBuffer();
        while (true) {
            int n = readClient(conn, buf, 0, buf.length);
            if (n < 0) {
                writeLastChunk(conn);
                return;
            }
            if (n > 0) {
                byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                writeUpstream(conn, size, size.length);
                writeUpstream(conn, buf, n);
                writeUpstream(conn, CRLF, 2);
                flushUpstream(conn);
            }
        }
    }

    /** The last chunk, with the client's trailer fields when it sent any (RFC 9112 §7.1.2). */
    private void writeLastChunk(Http1Connection conn) throws TransportException {
        List<HeaderField> trailers = request.trailers().get();
        if (trailers.isEmpty()) {
            writeUpstream(conn, LAST_CHUNK, LAST_CHUNK.length);
            return;
        }
        StringBuilder sb = new StringBuilder("0\r\n");
        for (HeaderField t : trailers) {
            sb.append(t.name()).append(": ").append(t.value()).append("\r\n");
        }
        byte[] bytes = sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        writeUpstream(conn, bytes, bytes.length);
    }

    private int readClient(Http1Connection conn, byte[] buf, int off, int len) throws ClientReadException {
        bodyTouched = true;
        InputStream in = request.body();
        try {
            return in.read(buf, off, len);
        } catch (IOException | RuntimeException e) {
            // A malformed body (a bad chunk line) is an unchecked exception, a broken connection an IOException.
            throw new ClientReadException(conn.dial, "reading the request body from the client failed: " + e.getMessage(), e);
        }
    }

    /**
     * Body bytes go out as they came: the next client read may block (a client that pauses),
     * and what it sent before must not wait in the write buffer meanwhile.
     */
    private static void flushUpstream(Http1Connection conn) throws UpstreamWriteException {
        try {
            conn.out.flush();
        } catch (IOException e) {
            throw new UpstreamWriteException(conn.dial, "writing the request body failed: " + e.getMessage(), e);
        }
    }

    private static void writeUpstream(Http1Connection conn, byte[] buf, int len) throws UpstreamWriteException {
        try {
            OutputStream out = conn.out;
            out.write(buf, 0, len);
        } catch (IOException e) {
            throw new UpstreamWriteException(conn.dial, "writing the request body failed: " + e.getMessage(), e);
        }
    }
}
