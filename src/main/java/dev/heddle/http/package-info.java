/** Heddle's request view over Helidon, route chains, matchers, handler interface, errors, placeholders. */
package dev.heddle.http;
