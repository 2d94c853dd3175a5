/** DNS lookups (A, AAAA, SRV) at configured servers or the system's, shared by the transport and dynamic upstreams. */
package dev.heddle.dns;
