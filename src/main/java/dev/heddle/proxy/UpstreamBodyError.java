package dev.heddle.proxy;

import dev.heddle.http.HandlerException;

/**
 * The upstream's body broke before the client saw any of the response (a body held back by
 * response_buffers, or an early answer): a 502, and one passive failure for the upstream,
 * which the attempt already credited with a response.
 */
final class UpstreamBodyError extends HandlerException {
    UpstreamBodyError(String message, Throwable cause) {
        super(502, message, cause);
    }
}
