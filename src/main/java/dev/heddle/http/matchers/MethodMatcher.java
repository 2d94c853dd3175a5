package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.util.Set;

/** Caddy's {@code method}: exact, upper case. */
final class MethodMatcher implements RequestMatcher {
    private final Set<String> methods;

    MethodMatcher(Set<String> methods) {
        this.methods = methods;
    }

    @Override
    public boolean matches(Exchange ex) {
        return methods.contains(ex.method());
    }
}
