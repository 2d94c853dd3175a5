package dev.heddle.server.http1;

import dev.heddle.http.HeaderList;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Response body framings (RFC 9112 §6): a declared length, chunked with optional trailers,
 * until the connection closes (HTTP/1.0 with no length), or none at all (HEAD, 204, 304).
 * Each ends with {@link #end}; a body that broke its framing leaves the connection unusable.
 */
abstract sealed class BodyOutput extends OutputStream {
    protected final ClientOutput out;

    BodyOutput(ClientOutput out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the body (last chunk, trailers); false when its framing was not honoured (the connection must close). */
    abstract boolean end(HeaderList trailers) throws IOException;

    /** Content-Length framing: more bytes than declared fail; fewer make the end fail. */
    static final class Fixed extends BodyOutput {
        private long remaining;

        Fixed(ClientOutput out, long length) {
            super(out);
            this.remaining = length;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > remaining) {
                throw new java.io.IOException("response body longer than its Content-Length (" + (len - remaining) + " bytes over)");
            }
            remaining -= len;
            out.write(b, off, len);
        }

        @Override
        boolean end(HeaderList trailers) throws IOException {
            out.flush();
            return remaining == 0;
        }
    }

    /** Chunked: each write is one chunk; the end writes the last chunk and the trailers, when announced. */
    static final class Chunked extends BodyOutput {
        private final boolean trailersAnnounced;

        Chunked(ClientOutput out, boolean trailersAnnounced) {
            super(out);
            this.trailersAnnounced = trailersAnnounced;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;  // a zero-size chunk would end the body
            }
            out.writeText(Integer.toHexString(len));
            out.crlf();
            out.write(b, off, len);
            out.crlf();
        }

        @Override
        boolean end(HeaderList trailers) throws IOException {
            out.write('0');
            out.crlf();
            if (trailersAnnounced) {
                for (HeaderList.Line t : trailers.lines()) {
                    out.writeText(t.name());
                    out.write(':');
                    out.write(' ');
                    out.writeText(t.value());
                    out.crlf();
                }
            }
            out.crlf();
            out.flush();
            return true;
        }
    }

    /** HTTP/1.0 with no length: the body ends when the connection closes. */
    static final class UntilClose extends BodyOutput {
        UntilClose(ClientOutput out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        boolean end(HeaderList trailers) throws IOException {
            out.flush();
            return true;
        }
    }

    /** HEAD, 204, 304: whatever the handler writes is dropped (Go's server eats HEAD bodies too). */
    static final class None extends BodyOutput {
        None(ClientOutput out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // no body on this response
        }

        @Override
        boolean end(HeaderList trailers) throws IOException {
            out.flush();
            return true;
        }
    }
}
