/** The fault suite: Heddle in front of upstreams broken on purpose through Toxiproxy. */
package dev.heddle.faults;
