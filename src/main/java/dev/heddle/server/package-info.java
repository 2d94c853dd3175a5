/** Listeners on Helidon's WebServer, the running app, reload and graceful stop; the client connections live in subpackages. */
package dev.heddle.server;
