package dev.heddle.proxy;

/**
 * How a response body travels to the client (Caddy's reverse_proxy fields).
 *
 * @param flushInterval   flush_interval in nanos: negative = after every write, 0 = Caddy's defaults
 * @param responseBuffers response_buffers: bytes read ahead before anything is sent; -1 = the
 *                        whole body; 0 = none (stream as it comes)
 */
record Buffering(long flushInterval, long responseBuffers) {
}
