package dev.heddle.server.http2;

import dev.heddle.http.Bodyless;
import dev.heddle.http.ClientSide;
import dev.heddle.http.HeaderList;
import dev.heddle.http.Takeover;
import dev.heddle.http.TlsInfo;
import dev.heddle.server.http1.HttpDate;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.http.http2.Http2ErrorCode;
import io.helidon.http.http2.Http2Flag;
import io.helidon.http.http2.Http2FrameData;
import io.helidon.http.http2.Http2FrameHeader;
import io.helidon.http.http2.Http2FrameTypes;
import io.helidon.http.http2.Http2Headers;
import io.helidon.http.http2.Http2RstStream;
import io.helidon.http.http2.Http2Settings;
import io.helidon.http.http2.Http2StreamWriter;
import io.helidon.http.http2.StreamFlowControl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;

/**
 * One HTTP/2 stream's response, as the {@link ClientSide} handlers write to: HEADERS, DATA and
 * trailing HEADERS frames through Helidon's connection writer (which applies flow control and
 * splits frames). It decides what the frames say: {@code :status}, {@code date}, no
 * connection-specific fields (RFC 9113 §8.2.2), {@code content-length} when the length is
 * known, no body for HEAD, 204 and 304, 1xx before the final response, and the stream's end.
 * A stream the client reset, or whose connection is gone, fails every write with an
 * {@link IOException} so the handler stops.
 */
final class StreamExchange implements ClientSide {
    /** Fields that mean something only to one HTTP/1.1 connection (RFC 9113 §8.2.2). */
    private static final Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private final Http2Request request;
    private final Http2StreamWriter writer;
    private final int streamId;
    private final Http2Settings clientSettings;
    private final StreamFlowControl flowControl;
    private final TlsInfo tls;
    private final StreamBody body;
    private volatile String resetBy;
    private boolean committed;
    private boolean continueSent;
    private boolean ended;
    private boolean framingBroken;
    private BodyStream bodyOut;
    private volatile boolean bodyComing;

    StreamExchange(Http2Request request, Http2StreamWriter writer, int streamId, Http2Settings clientSettings,
                   StreamFlowControl flowControl, TlsInfo tls) {
        this.request = request;
        this.writer = writer;
        this.streamId = streamId;
        this.clientSettings = clientSettings;
        this.flowControl = flowControl;
        this.tls = tls;
        this.body = new StreamBody(this::sendContinueIfAsked);
    }

    StreamBody body() {
        return body;
    }

    /** Set before the exchange runs: DATA frames with bytes came or may still come. */
    void bodyComing() {
        bodyComing = true;
    }

    @Override
    public boolean bodyWithoutLength() {
        return bodyComing;
    }

    @Override
    public InputStream requestBody() {
        return body;
    }

    /** Helidon's connection drops request trailers on HTTP/2 (it has no API for them). */
    @Override
    public HeaderList requestTrailers() {
        return new HeaderList(0);
    }

    @Override
    public TlsInfo tls() {
        return tls;
    }

    /** The client reset the stream, or the connection is gone: every later write fails. */
    void reset(String why) {
        resetBy = why;
        body.fail(why);
    }

    boolean committed() {
        return committed;
    }

    /** Whether the response ended with END_STREAM and the length it announced. */
    boolean ended() {
        return ended && !framingBroken;
    }

    private void sendContinueIfAsked() {
        if (request.expectContinue() && !committed && !continueSent && resetBy == null) {
            continueSent = true;
            try {
                writeHead(interim(100, new HeaderList(0)), false);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Override
    public void informational(int status, HeaderList fields) throws IOException {
        if (committed || status < 102 || status > 199) {
            return;
        }
        writeHead(interim(status, fields), false);
    }

    @Override
    public OutputStream startBody(int status, HeaderList headers, long length, boolean trailers) throws IOException {
        committed = true;
        if (bodyless(status)) {
            writeHead(finalHead(status, headers, Bodyless.announcedLength(request.method(), length)), true);
            ended = true;
            bodyOut = null;
            return OutputStream.nullOutputStream();
        }
        bodyOut = new BodyStream(status, headers, length, trailers);
        return bodyOut;
    }

    @Override
    public void sendWhole(int status, HeaderList headers, byte[] bytes, int off, int len) throws IOException {
        committed = true;
        if (bodyless(status)) {
            writeHead(finalHead(status, headers, Bodyless.announcedLength(request.method(), headers, len)), true);
        } else if (len == 0) {
            writeHead(finalHead(status, headers, 0), true);
        } else {
            writeHeadWithData(finalHead(status, headers, len), BufferData.create(bytes, off, len), true);
        }
        ended = true;
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

    /** HTTP/2 has no per-response close: other streams share the connection. */
    @Override
    public void closeAfter() {
    }

    /** No Upgrade on HTTP/2 (RFC 9113 §8.6); Helidon refuses the fields before Heddle sees them. */
    @Override
    public Takeover switchProtocols(HeaderList fields) throws IOException {
        throw new IOException("HTTP/2 has no protocol switch");
    }

    /** Resets the stream: the client sees it fail, the connection and its other streams go on. */
    void sendReset(Http2ErrorCode code) {
        if (resetBy != null) {
            return;
        }
        resetBy = "reset by the server";
        try {
            writer.write(new Http2RstStream(code).toFrameData(clientSettings, streamId, Http2Flag.NoFlags.create()));
        } catch (RuntimeException e) {
            // the connection is gone: nothing to tell
        }
    }

    private boolean bodyless(int status) {
        return Bodyless.response(request.method(), status);
    }

    /** A HEADERS frame alone: a 1xx, a final head, or trailers. */
    private void writeHead(Http2Headers h2, boolean endStream) throws IOException {
        int flags = Http2Flag.END_OF_HEADERS | (endStream ? Http2Flag.END_OF_STREAM : 0);
        write(() -> writer.writeHeaders(h2, streamId, Http2Flag.HeaderFlags.create(flags), flowControl.outbound()));
    }

    /** The final head and the first DATA frame, in one write. */
    private void writeHeadWithData(Http2Headers h2, BufferData data, boolean endStream) throws IOException {
        Http2FrameData frame = dataFrame(data, endStream);
        write(() -> writer.writeHeaders(h2, streamId, Http2Flag.HeaderFlags.create(Http2Flag.END_OF_HEADERS), frame,
                flowControl.outbound()));
    }

    /** A 1xx head: the handler's fields as they are. */
    private static Http2Headers interim(int status, HeaderList fields) {
        return Http2Headers.create(fields(fields, false)).status(Status.create(status));
    }

    /** The final head: the handler's fields, date, and content-length when {@code length} >= 0. */
    private static Http2Headers finalHead(int status, HeaderList fields, long length) {
        WritableHeaders<?> w = fields(fields, true);
        if (!w.contains(HeaderNames.DATE)) {
            w.add(HeaderNames.DATE, HttpDate.text());
        }
        if (length >= 0) {
            w.set(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        }
        return Http2Headers.create(w).status(Status.create(status));
    }

    /**
     * Fields as HTTP/2 carries them: lower-case names, none connection-specific; a final head's
     * content-length is this side's to decide.
     */
    private static WritableHeaders<?> fields(HeaderList fields, boolean finalHead) {
        WritableHeaders<?> w = WritableHeaders.create();
        for (HeaderList.Line l : fields.lines()) {
            String name = l.name().toLowerCase(Locale.ROOT);
            if (!CONNECTION_SPECIFIC.contains(name) && !(finalHead && name.equals("content-length"))) {
                w.add(HeaderNames.createFromLowercase(name), l.value());
            }
        }
        return w;
    }

    private Http2FrameData dataFrame(BufferData data, boolean endStream) {
        Http2FrameHeader header = Http2FrameHeader.create(data.available(), Http2FrameTypes.DATA,
                Http2Flag.DataFlags.create(endStream ? Http2Flag.END_OF_STREAM : 0), streamId);
        return new Http2FrameData(header, data);
    }

    private void data(BufferData data, boolean endStream) throws IOException {
        Http2FrameData frame = dataFrame(data, endStream);
        write(() -> writer.writeData(frame, flowControl.outbound()));
    }

    private interface FrameWrite {
        void run();
    }

    /** One write through Helidon's writer; its failures (connection gone, flow-control timeout) become IOExceptions. */
    private void write(FrameWrite w) throws IOException {
        String reset = resetBy;
        if (reset != null) {
            throw new IOException("stream " + streamId + ": " + reset);
        }
        try {
            w.run();
        } catch (RuntimeException e) {
            throw new IOException("writing to the client failed (stream " + streamId + "): " + e.getMessage(), e);
        }
    }

    /**
     * The body of a streamed response. The head waits for the first flush or a full buffer so
     * that it leaves with the first bytes; a flush before any byte sends the head alone (Caddy
     * flushes headers of a streamed response at once).
     */
    private final class BodyStream extends OutputStream {
        private final int status;
        private final HeaderList fields;
        private final long length;
        private final boolean trailers;
        private final byte[] buf = new byte[16 * 1024];
        private int count;
        private long written;
        private boolean headSent;

        BodyStream(int status, HeaderList fields, long length, boolean trailers) {
            this.status = status;
            this.fields = fields;
            this.length = length;
            this.trailers = trailers;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (length >= 0 && written + len > length) {
                throw new IOException("response body longer than its Content-Length " + length);
            }
            written += len;
            while (len > 0) {
                if (count == buf.length) {
                    send(false);
                }
                int n = Math.min(len, buf.length - count);
                System.arraycopy(b, off, buf, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void flush() throws IOException {
            if (count > 0 || !headSent) {
                send(false);
            }
        }

        /** Sends what is buffered (with the head the first time), ending the stream when asked. */
        private void send(boolean endStream) throws IOException {
            BufferData chunk = BufferData.create(java.util.Arrays.copyOf(buf, count));
            count = 0;
            if (headSent) {
                data(chunk, endStream);
                return;
            }
            headSent = true;
            Http2Headers h2 = finalHead(status, fields, length);
            if (chunk.available() == 0) {
                writeHead(h2, endStream);
            } else {
                writeHeadWithData(h2, chunk, endStream);
            }
        }

        /** Ends the stream: false (and a reset) when fewer bytes went out than the Content-Length said. */
        boolean end(HeaderList trailerFields) throws IOException {
            if (length >= 0 && written != length) {
                sendReset(Http2ErrorCode.INTERNAL);
                return false;
            }
            boolean withTrailers = trailers && trailerFields.size() > 0;
            send(!withTrailers);
            if (withTrailers) {
                writeHead(Http2Headers.create(fields(trailerFields, false)), true);
            }
            return true;
        }
    }
}
