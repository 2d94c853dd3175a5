/** Caddy's {@code encode}: response compression negotiated by Accept-Encoding, streamed. */
package dev.heddle.handlers.encode;
