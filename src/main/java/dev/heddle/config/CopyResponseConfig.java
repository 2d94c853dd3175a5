package dev.heddle.config;

/** Caddy's {@code copy_response} (only inside handle_response routes): the upstream's response, optionally with another status. */
public record CopyResponseConfig(String statusCode) implements HandlerConfig {
    static CopyResponseConfig parse(Node n) throws ConfigException {
        Node code = n.field("status_code");
        String status = code.absent() ? "" : code.json().isIntegralNumber() ? Long.toString(code.integer(0)) : code.string();
        n.done();
        return new CopyResponseConfig(status);
    }
}
