package dev.heddle.transport;

/** One header line, name and value as sent or received. */
public record HeaderField(String name, String value) {
}
