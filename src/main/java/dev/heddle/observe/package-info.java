/** Logging setup and, later, access logs and metrics. */
package dev.heddle.observe;
