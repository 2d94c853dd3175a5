/** Caddy request matchers, compiled once per config load. */
package dev.heddle.http.matchers;
