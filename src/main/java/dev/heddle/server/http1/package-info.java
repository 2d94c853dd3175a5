/** Heddle's own HTTP/1.x server connection: request parsing, body framing, response writing. */
package dev.heddle.server.http1;
