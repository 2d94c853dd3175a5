package dev.heddle.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server's {@code logs}: access logging is on when this block exists (as in Caddy).
 *
 * @param defaultLoggerName    access logs go to {@code http.log.access.<name>} ("" = http.log.access)
 * @param loggerNames          per request host, the logger names to use instead
 * @param skipHosts            hosts whose requests are not logged
 * @param shouldLogCredentials keep Authorization, Proxy-Authorization, Cookie and Set-Cookie
 */
public record ServerLogsConfig(String defaultLoggerName, Map<String, List<String>> loggerNames, List<String> skipHosts,
                               boolean skipUnmappedHosts, boolean shouldLogCredentials) {

    static ServerLogsConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        String name = n.field("default_logger_name").string("");
        Map<String, List<String>> names = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.field("logger_names").entries().entrySet()) {
            // Caddy has accepted a single string and, later, a list of names.
            names.put(e.getKey(), e.getValue().json().isTextual() ? List.of(e.getValue().string()) : e.getValue().strings());
        }
        List<String> skip = n.field("skip_hosts").strings();
        boolean skipUnmapped = n.field("skip_unmapped_hosts").bool(false);
        boolean credentials = n.field("should_log_credentials").bool(false);
        n.done(Set.of("trace"));
        return new ServerLogsConfig(name, Map.copyOf(names), skip, skipUnmapped, credentials);
    }
}
