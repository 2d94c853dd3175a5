package dev.heddle.config;

import java.util.List;

/** Caddy's {@code copy_response_headers} (only inside handle_response routes): chosen upstream headers to the client. */
public record CopyResponseHeadersConfig(List<String> include, List<String> exclude) implements HandlerConfig {
    static CopyResponseHeadersConfig parse(Node n) throws ConfigException {
        List<String> include = n.field("include").strings();
        List<String> exclude = n.field("exclude").strings();
        n.done();
        if (!include.isEmpty() && !exclude.isEmpty()) {
            throw n.error("use either include or exclude, not both");
        }
        return new CopyResponseHeadersConfig(include, exclude);
    }
}
