/** Upstreams and their shared live state. */
package dev.heddle.upstream;
