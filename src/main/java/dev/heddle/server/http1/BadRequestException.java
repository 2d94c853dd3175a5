package dev.heddle.server.http1;

/**
 * A request refused before any handler sees it, with the status to answer: 400 malformed,
 * 414 request line too long, 431 head (or trailers) too large, 501 unsupported
 * Transfer-Encoding, 505 unsupported HTTP major version. The reason is a short sentence that
 * is safe to send as the response body (it never echoes the client's bytes). No stack trace:
 * thrown for every bad request a client sends, and the parser's frames tell nothing.
 */
public final class BadRequestException extends RuntimeException {
    private final int status;

    public BadRequestException(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
