package dev.heddle.proxy;

import dev.heddle.transport.ClientReadException;
import dev.heddle.transport.DialException;
import dev.heddle.transport.TransportException;
import dev.heddle.transport.UpstreamReadException;
import dev.heddle.transport.UpstreamTimeoutException;
import dev.heddle.transport.UpstreamWriteException;

/**
 * The one place a transport failure becomes an HTTP status (Caddy's statusError): decided by
 * the exception's type, never its message.
 */
final class ProxyErrors {
    /** Logged when the client went away (nginx's and newest Caddy's convention). */
    static final int CLIENT_CLOSED = 499;

    private ProxyErrors() {
    }

    static int status(TransportException e) {
        return switch (e) {
            case DialException d -> d.timedOut() ? 504 : 502;  // Caddy: 502 for dial timeouts; users asked for 504
            case UpstreamTimeoutException t -> 504;
            case UpstreamWriteException w -> w.timedOut() ? 504 : 502;
            case UpstreamReadException r -> 502;
            case ClientReadException c -> CLIENT_CLOSED;
        };
    }

    /** What was happening, for the log line. */
    static String action(TransportException e) {
        return switch (e) {
            case DialException d -> "connecting to the upstream failed";
            case UpstreamTimeoutException t -> "timed out awaiting the upstream's response headers";
            case UpstreamWriteException w -> "writing the request to the upstream failed";
            case UpstreamReadException r -> "reading the upstream's response failed";
            case ClientReadException c -> "reading the request body from the client failed";
        };
    }
}
