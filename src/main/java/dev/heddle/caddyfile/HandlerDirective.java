package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A directive that makes one handler; the optional matcher token after the directive name is
 * taken off first (Caddy's RegisterHandlerDirective).
 */
@FunctionalInterface
interface HandlerDirective {
    ObjectNode parse(Helper h) throws CaddyfileException;

    static Directive of(HandlerDirective fn) {
        return h -> {
            if (!h.d.next()) {
                throw h.d.argErr();
            }
            ObjectNode matcherSet = h.extractMatcherSet();
            return h.newRoute(matcherSet, fn.parse(h));
        };
    }
}
