package dev.heddle.server.http1;

/**
 * A server's limits on request heads (Caddy's {@code max_header_bytes}; Heddle's
 * {@code max_request_line_bytes} and {@code max_header_count}, Integer.MAX_VALUE = none).
 */
public record Http1Limits(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount) {
}
