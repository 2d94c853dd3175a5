/** Test fixtures: scripted upstreams, Heddle in-process and in a child process, log capture. */
package dev.heddle.testing;
