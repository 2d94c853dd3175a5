/** A Toxiproxy-compatible server for fault-injection tests, and the fixture that yields a client. */
package dev.heddle.toxiproxy;
