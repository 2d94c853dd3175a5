package dev.heddle.config;

/** Caddy's {@code request_body} handler: {@code max_size} in bytes (0 = no limit). */
public record RequestBodyConfig(long maxSize) implements HandlerConfig {
    static RequestBodyConfig parse(Node n) throws ConfigException {
        Node size = n.field("max_size");
        long max = size.integer(0);
        if (max < 0) {
            throw size.error("must not be negative");
        }
        n.done(java.util.Set.of("read_timeout", "write_timeout", "set"));
        return new RequestBodyConfig(max);
    }
}
