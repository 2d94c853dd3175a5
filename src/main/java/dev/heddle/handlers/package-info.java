/** Built-in non-proxy handlers: static_response, subroute. */
package dev.heddle.handlers;
