package dev.heddle.transport.fastcgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The FCGI_STDOUT stream of one request as a plain stream: record headers and padding are
 * consumed on the way, FCGI_STDERR content is kept aside (bounded, for the log), and
 * FCGI_END_REQUEST ends it. A record for another request id, or a stream that ends without
 * END_REQUEST, is a protocol failure: the connection is never reused after it.
 */
final class Stdout extends InputStream {
    /** The most stderr kept for the log line. */
    private static final int STDERR_KEPT = 64 * 1024;

    private final InputStream in;
    private int remaining;
    private int padding;
    private boolean ended;
    private int protocolStatus = -1;
    private ByteArrayOutputStream stderr;
    private boolean stderrTruncated;

    Stdout(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (ended || !nextStdoutRecord()) {
                return -1;
            }
        }
        int n = in.read(b, off, Math.min(len, remaining));
        if (n < 0) {
            throw new java.io.EOFException("FastCGI server closed the connection inside a record");
        }
        remaining -= n;
        if (remaining == 0 && padding > 0) {
            Records.skip(in, padding);
            padding = 0;
        }
        return n;
    }

    /** Reads records up to the next STDOUT content; false at END_REQUEST. */
    private boolean nextStdoutRecord() throws IOException {
        while (true) {
            Records.Header h = Records.readHeader(in);
            if (h == null) {
                throw new java.io.EOFException("FastCGI server closed the connection before FCGI_END_REQUEST");
            }
            if (h.requestId() != Records.REQUEST_ID) {
                throw new Records.ProtocolException("FastCGI record for request " + h.requestId() + ", expected " + Records.REQUEST_ID);
            }
            switch (h.type()) {
                case Records.STDOUT -> {
                    if (h.contentLength() > 0) {
                        remaining = h.contentLength();
                        padding = h.paddingLength();
                        return true;
                    }
                    Records.skip(in, h.paddingLength());  // the empty record that closes stdout
                }
                case Records.STDERR -> keepStderr(h);
                case Records.END_REQUEST -> {
                    byte[] body = new byte[h.contentLength()];
                    Records.readFully(in, body, 0, body.length);
                    Records.skip(in, h.paddingLength());
                    protocolStatus = body.length >= 5 ? body[4] & 0xFF : 0;
                    ended = true;
                    return false;
                }
                default -> Records.skip(in, h.contentLength() + h.paddingLength());
            }
        }
    }

    private void keepStderr(Records.Header h) throws IOException {
        byte[] content = new byte[h.contentLength()];
        Records.readFully(in, content, 0, content.length);
        Records.skip(in, h.paddingLength());
        if (stderr == null) {
            stderr = new ByteArrayOutputStream();
        }
        int room = STDERR_KEPT - stderr.size();
        stderr.write(content, 0, Math.min(room, content.length));
        stderrTruncated |= content.length > room;
    }

    /** Whether FCGI_END_REQUEST was read and the application completed the request (the connection can be reused). */
    boolean completed() {
        return ended && protocolStatus == 0;
    }

    /** What the application wrote to stderr so far ("" for nothing). */
    String stderr() {
        if (stderr == null) {
            return "";
        }
        return stderr.toString(StandardCharsets.UTF_8) + (stderrTruncated ? " [truncated]" : "");
    }
}
