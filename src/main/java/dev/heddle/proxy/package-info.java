/** The reverse_proxy handler: request preparation, hop-by-hop and X-Forwarded headers, the copy loop. */
package dev.heddle.proxy;
