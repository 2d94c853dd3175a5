package dev.heddle.transport;

import java.io.InputStream;
import java.util.List;

/**
 * A request to send upstream exactly as prepared.
 *
 * @param dial          "host:port" or "[v6]:port"
 * @param target        origin-form target "/path?query", as received
 * @param headers       in order; framing fields (Content-Length, Transfer-Encoding) are the transport's own
 * @param body          null = no body
 * @param contentLength >= 0 fixed length; -1 = stream as chunked
 * @param client        the client's address, for a PROXY protocol header; null = none behind it
 * @param trailers      asked once a chunked body has ended: trailer fields to send after it
 * @param origin        the client's request as a gateway transport needs it; null when unknown (health checks)
 */
public record UpstreamRequest(String dial, String method, String target, List<HeaderField> headers,
                              InputStream body, long contentLength, java.net.InetSocketAddress client,
                              java.util.function.Supplier<List<HeaderField>> trailers, RequestOrigin origin) {
    public UpstreamRequest(String dial, String method, String target, List<HeaderField> headers,
                           InputStream body, long contentLength, java.net.InetSocketAddress client,
                           java.util.function.Supplier<List<HeaderField>> trailers) {
        this(dial, method, target, headers, body, contentLength, client, trailers, null);
    }

    /** A request with no trailers. */
    public UpstreamRequest(String dial, String method, String target, List<HeaderField> headers,
                           InputStream body, long contentLength, java.net.InetSocketAddress client) {
        this(dial, method, target, headers, body, contentLength, client, List::of);
    }
}
