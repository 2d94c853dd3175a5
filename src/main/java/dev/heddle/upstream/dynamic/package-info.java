/** Dynamic upstream sources (DNS A/AAAA, SRV, multi): cached lookups whose hosts are leased from the shared registry. */
package dev.heddle.upstream.dynamic;
