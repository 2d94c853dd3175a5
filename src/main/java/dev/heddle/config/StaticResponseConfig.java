package dev.heddle.config;

import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code static_response} handler.
 *
 * @param statusCode the status as written (an integer, or a string that may hold placeholders)
 * @param close      close the client connection after the response
 * @param abort      drop the connection without any response
 */
public record StaticResponseConfig(String statusCode, Map<String, List<String>> headers, String body,
                                   boolean close, boolean abort) implements HandlerConfig {

    static StaticResponseConfig parse(Node n) throws ConfigException {
        String status = weakStatus(n.field("status_code"));
        Map<String, List<String>> headers = n.field("headers").stringLists();
        String body = n.field("body").string("");
        boolean close = n.field("close").bool(false);
        boolean abort = n.field("abort").bool(false);
        n.done();
        return new StaticResponseConfig(status, headers, body, close, abort);
    }

    /**
     * Caddy's WeakString status: an integer, or a string that is a status or holds placeholders
     * (checked when expanded); "" when absent.
     */
    static String weakStatus(Node statusNode) throws ConfigException {
        if (statusNode.absent()) {
            return "";
        }
        if (statusNode.json().isIntegralNumber()) {
            long code = statusNode.integer(200);
            if (code < 100 || code > 999) {
                throw statusNode.error("must be an HTTP status between 100 and 999, not " + code);
            }
            return Long.toString(code);
        }
        String status = statusNode.string();
        if (!status.contains("{") && !status.matches("[1-9]\\d\\d")) {
            throw statusNode.error("\"" + status + "\" is not an HTTP status code");
        }
        return status;
    }
}
