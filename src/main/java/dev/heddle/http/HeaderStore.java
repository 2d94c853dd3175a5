package dev.heddle.http;

import java.util.List;

/** A mutable set of header fields that header operations can work on (names case-insensitive). */
public interface HeaderStore {
    /** The distinct field names present, as written. */
    List<String> names();

    List<String> values(String name);

    void add(String name, String value);

    /** Replaces every line of the field with one line. */
    void set(String name, String value);

    void remove(String name);
}
