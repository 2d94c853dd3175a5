/** HTTP/2 to clients: Helidon's connection (frames, HPACK, flow control), each stream served by Heddle's exchange. */
package dev.heddle.server.http2;
