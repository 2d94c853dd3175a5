package dev.heddle.transport.fastcgi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * FastCGI 1.0 records (the FastCGI specification §3, §5): an 8-byte header (version 1, type,
 * request id, content length, padding length), the content, the padding. Heddle pads its
 * records to a multiple of 8 bytes, as the specification recommends, and accepts any padding.
 */
final class Records {
    static final int VERSION = 1;
    static final int BEGIN_REQUEST = 1;
    static final int ABORT_REQUEST = 2;
    static final int END_REQUEST = 3;
    static final int PARAMS = 4;
    static final int STDIN = 5;
    static final int STDOUT = 6;
    static final int STDERR = 7;
    static final int RESPONDER = 1;
    static final int KEEP_CONN = 1;
    /** The most content one record carries. */
    static final int MAX_CONTENT = 65535;
    /** The one request id Heddle uses: one request per connection at a time. */
    static final int REQUEST_ID = 1;

    private static final byte[] PADDING = new byte[8];

    /** A record's header as read. */
    record Header(int type, int requestId, int contentLength, int paddingLength) {
    }

    private Records() {
    }

    static void write(OutputStream out, int type, byte[] content, int off, int len) throws IOException {
        if (len > MAX_CONTENT) {
            throw new IllegalArgumentException("record content over 65535 bytes: " + len);
        }
        int padding = -len & 7;
        out.write(new byte[] {VERSION, (byte) type, 0, REQUEST_ID, (byte) (len >> 8), (byte) len, (byte) padding, 0});
        out.write(content, off, len);
        out.write(PADDING, 0, padding);
    }

    /** FCGI_BEGIN_REQUEST for the Responder role, asking php-fpm to keep the connection when {@code keepConn}. */
    static void beginRequest(OutputStream out, boolean keepConn) throws IOException {
        byte[] body = {0, RESPONDER, (byte) (keepConn ? KEEP_CONN : 0), 0, 0, 0, 0, 0};
        write(out, BEGIN_REQUEST, body, 0, body.length);
    }

    /** The next record's header; null at a clean end of stream between records. */
    static Header readHeader(InputStream in) throws IOException {
        byte[] h = new byte[8];
        int first = in.read();
        if (first < 0) {
            return null;
        }
        h[0] = (byte) first;
        readFully(in, h, 1, 7);
        if ((h[0] & 0xFF) != VERSION) {
            throw new ProtocolException("FastCGI record with version " + (h[0] & 0xFF));
        }
        return new Header(h[1] & 0xFF, (h[2] & 0xFF) << 8 | h[3] & 0xFF, (h[4] & 0xFF) << 8 | h[5] & 0xFF, h[6] & 0xFF);
    }

    static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new EOFException("FastCGI stream ended inside a record");
            }
            off += n;
            len -= n;
        }
    }

    static void skip(InputStream in, int len) throws IOException {
        byte[] sink = new byte[Math.min(len, 256)];
        while (len > 0) {
            int n = in.read(sink, 0, Math.min(len, sink.length));
            if (n < 0) {
                throw new EOFException("FastCGI stream ended inside a record");
            }
            len -= n;
        }
    }

    /** The upstream broke the FastCGI protocol (not a transport failure of the bytes). */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }
}
