package dev.heddle.server.http1;

import dev.heddle.http.Bodyless;
import dev.heddle.http.ClientSide;
import dev.heddle.http.FieldName;
import dev.heddle.http.HeaderList;
import dev.heddle.http.StatusText;
import dev.heddle.http.Takeover;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One request/response on an HTTP/1.x connection, as the {@link ClientSide} handlers write to.
 * It decides what goes on the wire: the status line in the request's version, {@code Date},
 * the body's framing, {@code Connection}, 100 Continue on the first body read (never after a
 * final response), 1xx only to HTTP/1.1 clients, and no body for HEAD, 204 and 304.
 */
final class Http1Exchange implements ClientSide {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATE = ascii("Date: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] HTTP_10 = ascii("HTTP/1.0 ");
    private static final byte[] HTTP_11 = ascii("HTTP/1.1 ");

    private final RequestHead head;
    private final ClientOutput out;
    private final Http1Connection connection;
    private final InputStream body;
    private boolean committed;
    private boolean continueSent;
    private boolean closeAfter;
    private boolean ended;
    private boolean framingBroken;
    private BodyOutput bodyOut;

    Http1Exchange(RequestHead head, ClientInput in, ClientOutput out, Http1Connection connection, int maxTrailerBytes) {
        this.head = head;
        this.out = out;
        this.connection = connection;
        this.closeAfter = !head.keepAlive();
        Runnable first = this::sendContinueIfAsked;
        if (head.chunked()) {
            this.body = new ChunkedBody(in, first, maxTrailerBytes, 4096);
        } else if (head.contentLength() > 0) {
            this.body = new FixedLengthBody(in, head.contentLength(), first);
        } else {
            this.body = InputStream.nullInputStream();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public InputStream requestBody() {
        return body instanceof FixedLengthBody || body instanceof ChunkedBody ? new EndWatch(body) : body;
    }

    /** Tells the connection when the body has been read to its end (read_timeout stops there). */
    @Override
    public dev.heddle.http.TlsInfo tls() {
        return connection.tls();
    }

    private final class EndWatch extends FilterInputStream {
        EndWatch(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            return ended(super.read());
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ended(in.read(b, off, len));
        }

        private int ended(int n) {
            if (bodyFinished()) {
                connection.bodyRead();
            }
            return n;
        }
    }

    @Override
    public HeaderList requestTrailers() {
        return body instanceof ChunkedBody c ? c.trailers() : new HeaderList(0);
    }

    /** 100 Continue only while it can still mean something: an HTTP/1.1 client asked, nothing final was sent. */
    private void sendContinueIfAsked() {
        if (head.expectContinue() && head.minorVersion() == 1 && !committed && !continueSent) {
            continueSent = true;
            try {
                out.writeAscii(CONTINUE);
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void informational(int status, HeaderList fields) throws IOException {
        // RFC 9110 §15.2: never to an HTTP/1.0 client; 100 is the connection's own, 101 a takeover.
        if (head.minorVersion() == 0 || committed || status < 102 || status > 199) {
            return;
        }
        statusLine(status);
        fields(fields);
        out.crlf();
        out.flush();
    }

    @Override
    public OutputStream startBody(int status, HeaderList headers, long length, boolean trailers) throws IOException {
        committed = true;
        closeAfter |= asksClose(headers);
        if (bodyless(status)) {
            // HEAD keeps the length the body would have had (or none); 204 and 304 get none of theirs.
            writeHead(status, headers, Bodyless.announcedLength(head.method(), length), false);
            bodyOut = new BodyOutput.None(out);
        } else if (length >= 0) {
            writeHead(status, headers, length, false);
            bodyOut = new BodyOutput.Fixed(out, length);
        } else if (head.minorVersion() == 1) {
            writeHead(status, headers, -1, true);
            bodyOut = new BodyOutput.Chunked(out, trailers);
        } else {
            closeAfter = true;  // HTTP/1.0: the body ends with the connection
            writeHead(status, headers, -1, false);
            bodyOut = new BodyOutput.UntilClose(out);
        }
        return bodyOut;
    }

    @Override
    public void sendWhole(int status, HeaderList headers, byte[] bytes, int off, int len) throws IOException {
        committed = true;
        closeAfter |= asksClose(headers);
        if (bodyless(status)) {
            writeHead(status, headers, Bodyless.announcedLength(head.method(), headers, len), false);
        } else {
            writeHead(status, headers, len, false);
            out.write(bytes, off, len);
        }
        out.flush();
        ended = true;
    }

    @Override
    public void sendFile(int status, HeaderList headers, java.nio.channels.FileChannel file, long position, long count)
            throws IOException {
        if (bodyless(status) || !connection.canTransferFiles()) {
            ClientSide.super.sendFile(status, headers, file, position, count);
            return;
        }
        committed = true;
        closeAfter |= asksClose(headers);
        writeHead(status, headers, count, false);
        out.flush();
        ended = true;
        if (!connection.transferFile(file, position, count)) {
            throw new IllegalStateException("the connection lost its socket channel");
        }
    }

    @Override
    public void endBody(HeaderList trailers) throws IOException {
        if (bodyOut == null || ended) {
            return;
        }
        ended = true;
        if (!bodyOut.end(trailers)) {
            framingBroken = true;
        }
    }

    @Override
    public void closeAfter() {
        closeAfter = true;
    }

    @Override
    public Takeover switchProtocols(HeaderList fields) throws IOException {
        committed = true;
        ended = true;
        closeAfter = true;
        statusLine(101);
        fields(fields);
        out.crlf();
        out.flush();
        return connection.takeover();
    }

    boolean committed() {
        return committed;
    }

    /** Whether the response is complete and framed as announced. */
    boolean ended() {
        return ended && !framingBroken;
    }

    boolean closesAfter() {
        return closeAfter;
    }

    /**
     * A body the handler left unread is settled before the head goes out, as Go's server does
     * (server.go, chunkWriter.writeHeader), so that the head can say whether the connection
     * stays: after an unanswered Expect: 100-continue it closes (the client may or may not
     * send the body); a declared rest over 256 KiB closes it at once; otherwise up to 256 KiB
     * is discarded, and it closes when more is left or the body is broken. Body bytes are never parsed as a request.
     */
    private void settleUnreadBody() {
        if (bodyFinished()) {
            return;
        }
        if (head.expectContinue() && head.minorVersion() == 1 && !continueSent) {
            closeAfter = true;
            return;
        }
        if (body instanceof FixedLengthBody f && f.remaining() > DISCARD_LIMIT) {
            closeAfter = true;  // declared too large to be worth reading: no wait for it (Go's tooBig)
            return;
        }
        try {
            discard(DISCARD_LIMIT + 1);
            if (bodyFinished()) {
                connection.bodyRead();
            } else {
                closeAfter = true;
            }
        } catch (IOException | RuntimeException e) {
            closeAfter = true;  // broken framing or the client went away: nothing after it can be trusted
        }
    }

    /** Go's maxPostHandlerReadBytes. */
    static final int DISCARD_LIMIT = 256 * 1024;

    boolean bodyFinished() {
        return switch (body) {
            case FixedLengthBody f -> f.finished();
            case ChunkedBody c -> c.finished();
            default -> true;
        };
    }

    private void discard(long max) throws IOException {
        if (body instanceof FixedLengthBody f) {
            f.discard(max);
        } else if (body instanceof ChunkedBody c) {
            c.discard(max);
        }
    }

    private boolean bodyless(int status) {
        return Bodyless.response(head.method(), status);
    }

    private static boolean asksClose(HeaderList headers) {
        for (String v : headers.values("Connection")) {
            for (String token : v.split(",")) {
                if (token.trim().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Status line, the handler's fields (framing and Connection are decided here), Date,
     * framing, Connection. {@code length} -1 = no Content-Length.
     */
    private void writeHead(int status, HeaderList headers, long length, boolean chunked) throws IOException {
        settleUnreadBody();
        statusLine(status);
        boolean hasDate = false;
        for (HeaderList.Line l : headers.lines()) {
            int id = l.id();
            if (id == FieldName.CONTENT_LENGTH || id == FieldName.TRANSFER_ENCODING || id == FieldName.CONNECTION) {
                continue;
            }
            hasDate |= id == FieldName.DATE;
            field(l.name(), l.value());
        }
        if (!hasDate) {
            out.writeAscii(DATE);
            out.writeAscii(HttpDate.now());
            out.crlf();
        }
        if (length >= 0) {
            out.writeAscii(CONTENT_LENGTH);
            out.writeNumber(length);
            out.crlf();
        } else if (chunked) {
            out.writeAscii(CHUNKED);
        }
        if (closeAfter || connection.closing()) {
            closeAfter = true;
            if (head.minorVersion() == 1) {
                out.writeAscii(CLOSE);
            }
        } else if (head.minorVersion() == 0) {
            out.writeAscii(KEEP_ALIVE);
        }
        out.crlf();
    }

    private void statusLine(int status) throws IOException {
        out.writeAscii(head.minorVersion() == 0 ? HTTP_10 : HTTP_11);
        out.writeNumber(status);
        out.write(' ');
        out.writeText(StatusText.of(status));
        out.crlf();
    }

    private void fields(HeaderList fields) throws IOException {
        for (HeaderList.Line l : fields.lines()) {
            field(l.name(), l.value());
        }
    }

    private void field(String name, String value) throws IOException {
        out.writeText(name);
        out.write(':');
        out.write(' ');
        out.writeText(value);
        out.crlf();
    }
}
