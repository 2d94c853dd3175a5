package dev.heddle.handlers.encode;

import dev.heddle.config.EncodeConfig;
import dev.heddle.http.ClientSide;
import dev.heddle.http.FileRegions;
import dev.heddle.http.HeaderList;
import dev.heddle.http.ResponseMatch;
import dev.heddle.http.Takeover;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Locale;

/**
 * The client side as the encode handler's inner handlers see it (Caddy's encode
 * {@code responseWriter}). The decision is Caddy's: a 206 is never encoded; a response is
 * encoded when it has no Content-Encoding, no {@code Cache-Control: no-transform}, matches the
 * configured status codes and header patterns, and is longer than {@code minimum_length} by its
 * Content-Length or by its first write; an event stream is decided at its head so each event is
 * flushed. Encoding drops Content-Length and Accept-Ranges, sets Content-Encoding, adds
 * {@code Vary: Accept-Encoding} and suffixes a strong ETag with the encoding. Bodies stream.
 */
final class EncodingClientSide implements ClientSide {
    private final ClientSide inner;
    private final EncodeConfig config;
    private final String encoding;
    private final boolean head;

    EncodingClientSide(ClientSide inner, EncodeConfig config, String encoding, boolean head) {
        this.inner = inner;
        this.config = config;
        this.encoding = encoding;
        this.head = head;
    }

    @Override
    public InputStream requestBody() {
        return inner.requestBody();
    }

    @Override
    public HeaderList requestTrailers() {
        return inner.requestTrailers();
    }

    @Override
    public void informational(int status, HeaderList fields) throws IOException {
        inner.informational(status, fields);
    }

    @Override
    public void closeAfter() {
        inner.closeAfter();
    }

    @Override
    public Takeover switchProtocols(HeaderList fields) throws IOException {
        return inner.switchProtocols(fields);
    }

    @Override
    public void sendWhole(int status, HeaderList headers, byte[] body, int off, int len) throws IOException {
        varyOnNotModified(status, headers);
        if (!longEnough(headers, len) || !encodes(status, headers, body, off, len)) {
            inner.sendWhole(status, headers, body, off, len);
            return;
        }
        if (head) {
            inner.sendWhole(status, headers, body, off, 0);
            return;
        }
        ByteArrayOutputStream packed = new ByteArrayOutputStream(Math.max(64, len / 3));
        try (OutputStream enc = Encoders.open(encoding, level(), config.zstdChecksum(), packed)) {
            enc.write(body, off, len);
        }
        inner.sendWhole(status, headers, packed.toByteArray(), 0, packed.size());
    }

    @Override
    public void sendFile(int status, HeaderList headers, FileChannel file, long position, long count) throws IOException {
        varyOnNotModified(status, headers);
        if (head || count <= config.minimumLength() || !encodes(status, headers, null, 0, 0)) {
            inner.sendFile(status, headers, file, position, count);
            return;
        }
        OutputStream body = Encoders.open(encoding, level(), config.zstdChecksum(),
                new NoCloseStream(inner.startBody(status, headers, -1, false)));
        FileRegions.copy(file, position, count, body);
        body.close();
        inner.endBody(new HeaderList(0));
    }

    /** What endBody must do first: close the encoder (its trailer), or decide a body that saw no bytes. */
    private Runnable finish;

    @Override
    public OutputStream startBody(int status, HeaderList headers, long length, boolean trailers) throws IOException {
        varyOnNotModified(status, headers);
        if (isEventStream(headers) && encodes(status, headers, null, 0, 0)) {
            return encoded(status, headers, trailers);
        }
        if (length >= 0) {
            boolean encode = length > config.minimumLength() && encodes(status, headers, null, 0, 0);
            return encode ? encoded(status, headers, trailers) : inner.startBody(status, headers, length, trailers);
        }
        // Unknown length: decided by the first bytes written, as Caddy's Write.
        return new DecidingStream(status, headers, trailers);
    }

    @Override
    public void endBody(HeaderList trailers) throws IOException {
        if (finish != null) {
            finish.run();
        }
        inner.endBody(trailers);
    }

    /** Starts the inner body with the encoding's headers (applied by {@link #encodes}) and wraps it in the encoder. */
    private OutputStream encoded(int status, HeaderList headers, boolean trailers) throws IOException {
        // the encoder's close must not end the inner body: endBody does, with the trailers
        OutputStream enc = Encoders.open(encoding, level(), config.zstdChecksum(),
                new NoCloseStream(inner.startBody(status, headers, -1, trailers)));
        finish = () -> {
            try {
                enc.close();  // the encoder's trailer; the inner body stays open for endBody
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        return new NoCloseStream(enc);
    }

    private int level() {
        return config.encodings().get(encoding);
    }

    private boolean longEnough(HeaderList headers, int len) {
        long declared = headers.contentLength();
        return len > config.minimumLength() || declared > config.minimumLength();
    }

    /**
     * Whether this response gets encoded, applying the encoding's headers when it does
     * (Caddy's init): sniffs a missing Content-Type from the first bytes first.
     */
    private boolean encodes(int status, HeaderList headers, byte[] first, int off, int len) {
        if (status == 206 || config.minimumLength() < 0) {
            return false;
        }
        if (headers.first("Content-Type") == null && first != null && len > 0) {
            headers.set("Content-Type", sniff(first, off, len));
        }
        String cc = headers.first("Cache-Control");
        if (headers.first("Content-Encoding") != null || cc != null && cc.contains("no-transform") || !matches(status, headers)) {
            return false;
        }
        headers.remove("Content-Length");
        headers.set("Content-Encoding", encoding);
        if (!hasVary(headers)) {
            headers.add("Vary", "Accept-Encoding");
        }
        headers.remove("Accept-Ranges");
        String etag = headers.first("ETag");
        if (etag != null && !etag.startsWith("W/") && etag.endsWith("\"")) {
            headers.set("ETag", etag.substring(0, etag.length() - 1) + "-" + encoding + "\"");
        }
        return true;
    }

    private boolean matches(int status, HeaderList headers) {
        return ResponseMatch.matches(config.matchStatus(), config.matchHeaders(), status, headers::first);
    }

    private static void varyOnNotModified(int status, HeaderList headers) {
        if (status == 304 && !hasVary(headers)) {
            headers.add("Vary", "Accept-Encoding");
        }
    }

    private static boolean hasVary(HeaderList headers) {
        for (String vary : headers.values("Vary")) {
            for (String v : vary.split(",")) {
                if (v.strip().equalsIgnoreCase("Accept-Encoding")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isEventStream(HeaderList headers) {
        String t = headers.first("Content-Type");
        if (t == null || !t.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return false;
        }
        String rest = t.substring("text/event-stream".length()).stripLeading();
        return rest.isEmpty() || rest.charAt(0) == ';';
    }

    /** A short stand-in for Go's DetectContentType: text when the first bytes hold no binary control bytes. */
    private static String sniff(byte[] b, int off, int len) {
        for (int i = off; i < off + Math.min(len, 512); i++) {
            int c = b[i] & 0xFF;
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0C && c != 0x1B) {
                return "application/octet-stream";
            }
        }
        String start = new String(b, off, Math.min(len, 64), java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<!doctype html") || start.startsWith("<html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
    }

    /** A body of unknown length: nothing goes out until its first bytes decide (flushes before that are held, as Caddy). */
    private final class DecidingStream extends OutputStream {
        private final int status;
        private final HeaderList headers;
        private final boolean trailers;
        private OutputStream out;

        DecidingStream(int status, HeaderList headers, boolean trailers) {
            this.status = status;
            this.headers = headers;
            this.trailers = trailers;
            finish = this::decideEmpty;
        }

        private void decideEmpty() {
            if (out == null) {
                try {
                    boolean encode = longEnough(headers, 0) && encodes(status, headers, null, 0, 0);
                    out = encode ? encoded(status, headers, trailers) : inner.startBody(status, headers, -1, trailers);
                    if (encode) {
                        finish.run();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            if (out == null) {
                boolean encode = longEnough(headers, len) && encodes(status, headers, b, off, len);
                finish = null;
                out = encode ? encoded(status, headers, trailers) : inner.startBody(status, headers, -1, trailers);
            }
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (out != null) {
                out.flush();
            }
        }
    }

    /** A stream whose close only flushes: the body's end belongs to endBody. */
    private static final class NoCloseStream extends java.io.FilterOutputStream {
        NoCloseStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
