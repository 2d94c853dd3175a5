/** Heddle's own blocking HTTP/1.1 client to upstreams: connection pool, codec, timeouts. */
package dev.heddle.transport;
