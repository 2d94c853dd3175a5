package dev.heddle.transport.fastcgi;

import dev.heddle.transport.HeaderField;
import dev.heddle.transport.UpstreamReadException;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.transport.UpstreamTimeoutException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * A FastCGI application's response: the CGI head, then stdout as the body. Closing it after the
 * body's end hands the connection back for reuse (when php-fpm keeps it); anything else closes
 * it. The application's stderr is reported once, when the response ends.
 */
final class FastCgiResponse extends UpstreamResponse {
    private final CgiHead head;
    private final Connection conn;
    private final Stdout stdout;
    private final InputStream body;
    private final Consumer<Connection> reuse;
    private final StderrLog stderrLog;
    private boolean ended;

    /** Where a response's stderr goes when it ends (the transport logs it, or drops it). */
    interface StderrLog {
        void ended(String dial, int status, String stderr);
    }

    FastCgiResponse(CgiHead head, Connection conn, Stdout stdout, Consumer<Connection> reuse, StderrLog stderrLog) {
        this.head = head;
        this.conn = conn;
        this.stdout = stdout;
        this.reuse = reuse;
        this.stderrLog = stderrLog;
        this.body = new Body();
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public String reason() {
        return head.reason();
    }

    @Override
    public List<HeaderField> headers() {
        return head.headers();
    }

    @Override
    public long contentLength() {
        String v = header("Content-Length");
        if (v != null) {
            try {
                long n = Long.parseLong(v.trim());
                if (n >= 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // not a length: the body runs to FCGI_END_REQUEST
            }
        }
        return -1;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        end(stdout.completed());
    }

    @Override
    public void abandon() {
        end(false);
    }

    private void end(boolean reusable) {
        if (ended) {
            return;
        }
        ended = true;
        stderrLog.ended(conn.dial, head.status(), stdout.stderr());
        if (reusable) {
            reuse.accept(conn);
        } else {
            conn.close();
        }
    }

    /** stdout with failures typed as the proxy's copy loop expects them. */
    private final class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return stdout.read(b, off, len);
            } catch (IOException e) {
                if (conn.timedOut()) {
                    throw new UpstreamTimeoutException(conn.dial, "FastCGI read_timeout while reading the response body", e);
                }
                throw new UpstreamReadException(conn.dial, "reading the FastCGI response body: " + e.getMessage(), e);
            }
        }
    }
}
