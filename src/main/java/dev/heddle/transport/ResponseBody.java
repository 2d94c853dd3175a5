package dev.heddle.transport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A response body de-framed from its connection: fixed length, chunked, or until close. EOF
 * comes exactly at the framed end; a premature end, a bad chunk or a socket failure is an
 * {@link UpstreamReadException}. {@link #complete()} tells whether the framed end was reached.
 */
final class ResponseBody extends InputStream {
    private final Http1Connection conn;
    private final ResponseHead.Framing framing;
    private long remaining;
    private boolean complete;
    private List<HeaderField> trailers = List.of();

    ResponseBody(Http1Connection conn, ResponseHead head) {
        this.conn = conn;
        this.framing = head.framing();
        this.remaining = head.framing() == ResponseHead.Framing.FIXED ? head.contentLength() : 0;
        this.complete = head.framing() == ResponseHead.Framing.NONE;
    }

    boolean complete() {
        return complete;
    }

    /** The chunked body's trailer fields, once it was read to its end (else none). */
    List<HeaderField> trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (complete) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            return switch (framing) {
                case FIXED -> readFixed(b, off, len);
                case CHUNKED -> readChunked(b, off, len);
                case UNTIL_CLOSE -> readUntilClose(b, off, len);
                case NONE -> -1;
            };
        } catch (UpstreamReadException e) {
            throw e;
        } catch (IOException e) {
            throw new UpstreamReadException(conn.dial, "reading the response body failed: " + e.getMessage(), e);
        }
    }

    private int readFixed(byte[] b, int off, int len) throws IOException {
        int n = conn.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new UpstreamReadException(conn.dial, "upstream closed the connection with " + remaining
                    + " bytes of the body still to come", null);
        }
        remaining -= n;
        if (remaining == 0) {
            complete = true;
        }
        return n;
    }

    private int readUntilClose(byte[] b, int off, int len) throws IOException {
        int n = conn.read(b, off, len);
        if (n < 0) {
            complete = true;
        }
        return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            remaining = nextChunkSize();
            if (remaining == 0) {
                readTrailers();
                complete = true;  // read() answers -1 from now on
                return -1;
            }
        }
        int n = conn.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new UpstreamReadException(conn.dial, "upstream closed the connection inside a chunk", null);
        }
        remaining -= n;
        if (remaining == 0) {
            String crlf;
            try {
                crlf = conn.readLine(new int[] {2});
            } catch (Http1Connection.ProtocolException tooLong) {
                crlf = null;  // more than CRLF after the chunk: the chunk was longer than its size
            }
            if (crlf == null || !crlf.isEmpty()) {
                throw new UpstreamReadException(conn.dial, "chunk data not followed by CRLF", null);
            }
        }
        return n;
    }

    /** chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1); extensions are ignored. */
    private long nextChunkSize() throws IOException {
        String line = conn.readLine(new int[] {4096});
        if (line == null) {
            throw new UpstreamReadException(conn.dial, "upstream closed the connection before the last chunk", null);
        }
        int end = 0;
        while (end < line.length() && Character.digit(line.charAt(end), 16) >= 0) {
            end++;
        }
        String rest = line.substring(end).stripLeading();
        if (end == 0 || end > 15 || !(rest.isEmpty() || rest.startsWith(";"))) {
            throw new UpstreamReadException(conn.dial, "invalid chunk size line", null);
        }
        return Long.parseLong(line.substring(0, end), 16);
    }

    /** Trailer fields, checked as header fields are; at most MAX_HEAD bytes of them. */
    private void readTrailers() throws IOException {
        int[] budget = {ResponseHead.MAX_HEAD};
        List<HeaderField> fields = new ArrayList<>();
        String line;
        while ((line = conn.readLine(budget)) != null && !line.isEmpty()) {
            try {
                fields.add(ResponseHead.field(line));
            } catch (IOException e) {
                throw new UpstreamReadException(conn.dial, "malformed trailer: " + e.getMessage(), e);
            }
        }
        if (line == null) {
            throw new UpstreamReadException(conn.dial, "upstream closed the connection inside the trailers", null);
        }
        trailers = List.copyOf(fields);
    }
}
