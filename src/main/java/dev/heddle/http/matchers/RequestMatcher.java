package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

/** Decides whether a request matches; compiled once per config load, no I/O. */
@FunctionalInterface
public interface RequestMatcher {
    boolean matches(Exchange ex);
}
