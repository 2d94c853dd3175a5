/** Caddy's {@code file_server}: static files with Go's ServeContent semantics, sidecars and directory listings. */
package dev.heddle.handlers.files;
