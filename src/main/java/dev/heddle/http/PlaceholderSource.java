package dev.heddle.http;

/**
 * A family of placeholders contributed by a handler for the rest of the request, stored as
 * a request variable under its prefix (e.g. the proxy's {@code http.reverse_proxy}).
 */
@FunctionalInterface
public interface PlaceholderSource {
    /** The value for {@code key} (the part after the prefix and its dot), or null if unknown. */
    String placeholder(String key);
}
