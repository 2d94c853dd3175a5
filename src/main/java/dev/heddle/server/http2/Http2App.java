package dev.heddle.server.http2;

import dev.heddle.http.ClientSide;
import io.helidon.webserver.ConnectionContext;

/** What an HTTP/2 stream serves: the listener's current site, whatever a reload made it. */
public interface Http2App {
    /**
     * Runs one request to its end, writing the response through {@code client}. A handler that
     * cannot finish its response throws {@link dev.heddle.http.AbortConnection}: on HTTP/2 that
     * resets this stream only.
     */
    void serve(Http2Request request, ClientSide client, ConnectionContext connection);
}
