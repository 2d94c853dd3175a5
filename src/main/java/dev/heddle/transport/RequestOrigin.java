package dev.heddle.transport;

/**
 * What a gateway transport (FastCGI's CGI environment) needs to know of the client's request
 * beyond the request line and fields it forwards.
 *
 * @param remoteIp    the direct peer's IP (not a trusted proxy's client), as CGI's REMOTE_ADDR
 * @param remotePort  the direct peer's port
 * @param requestUri  the request's target as it arrived, before any rewrite (REQUEST_URI)
 * @param path        the path sent upstream (after rewrites), percent-decoded
 * @param protocol    "HTTP/1.1", "HTTP/1.0", "HTTP/2.0"
 * @param tls         the client connection is TLS (HTTPS=on, REQUEST_SCHEME=https)
 * @param placeholders expands a template with the request's placeholders (unknown ones become empty)
 */
public record RequestOrigin(String remoteIp, int remotePort, String requestUri, String path, String protocol, boolean tls,
                            java.util.function.UnaryOperator<String> placeholders) {
}
