/** Serving TLS: loaded certificates, SNI selection, connection policies, client authentication. */
package dev.heddle.tls;
