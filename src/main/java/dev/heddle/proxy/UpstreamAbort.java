package dev.heddle.proxy;

import io.helidon.webserver.CloseConnectionException;

/**
 * The upstream broke its response after the head went out: the client connection is aborted
 * (so the client sees the truncation), and the upstream is charged a passive failure (DESIGN.md §4).
 */
final class UpstreamAbort extends CloseConnectionException {
    UpstreamAbort(String message) {
        super(message);
    }
}
