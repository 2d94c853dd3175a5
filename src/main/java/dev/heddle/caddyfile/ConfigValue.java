package dev.heddle.caddyfile;

/**
 * What a directive produced: a {@link Route} or {@link Subroute} (kind "route"), an error
 * {@link Subroute} ("error_route"), a log, TLS settings or bind hosts, tagged with the
 * directive's (normalized) name for sorting.
 */
record ConfigValue(String kind, String directive, Object value) {
    ConfigValue withDirective(String dir) {
        return new ConfigValue(kind, dir, value);
    }

    ConfigValue withValue(Object v) {
        return new ConfigValue(kind, directive, v);
    }
}
