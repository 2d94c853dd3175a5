/** The protocol-neutral exchange (request view, response, client side), route chains, matchers, handler interface, errors, placeholders. */
package dev.heddle.http;
