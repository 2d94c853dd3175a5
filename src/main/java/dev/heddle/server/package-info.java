/** Helidon bootstrap: listeners, the running app, graceful stop. */
package dev.heddle.server;
