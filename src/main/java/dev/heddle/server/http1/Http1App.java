package dev.heddle.server.http1;

import dev.heddle.http.ClientSide;
import io.helidon.webserver.ConnectionContext;

/** What an HTTP/1.x connection serves: the listener's current site, whatever a reload made it. */
public interface Http1App {
    /** The limits of the server answering now (a reload may change them); the same object while it does not. */
    Http1Limits limits();

    /**
     * Runs one request to its end, writing the response through {@code client}. A handler that
     * cannot finish its response throws {@link dev.heddle.http.AbortConnection}.
     */
    void serve(RequestHead head, ClientSide client, ConnectionContext connection);
}
