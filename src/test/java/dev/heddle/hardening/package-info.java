/** Tests of what Heddle refuses or normalises at the boundary: smuggling, limits, slow peers. */
package dev.heddle.hardening;
