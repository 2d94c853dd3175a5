package dev.heddle.proxy;

import dev.heddle.http.AbortConnection;

/**
 * The upstream broke its response after the head went out: the client connection is aborted
 * (so the client sees the truncation), and the upstream is charged a passive failure (DESIGN.md §4).
 */
final class UpstreamAbort extends AbortConnection {
    UpstreamAbort(String message) {
        super(message);
    }
}
