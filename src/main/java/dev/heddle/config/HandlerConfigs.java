package dev.heddle.config;

import java.util.Set;

/** Reads a handler object by its {@code handler} key (Caddy's module name). */
final class HandlerConfigs {
    /** Caddy handler modules that Heddle knows by name but does not implement yet. */
    private static final Set<String> NOT_YET = Set.of(
            "templates", "push", "authentication", "tracing", "intercept", "invoke", "log_append",
            "acme_server", "metrics", "reverse_proxy_fastcgi");

    private HandlerConfigs() {
    }

    static HandlerConfig parse(Node n) throws ConfigException {
        n.requireObject();
        Node kind = n.field("handler");
        if (kind.isMissing()) {
            throw n.error("handler object needs a \"handler\" field naming its module");
        }
        String name = kind.string();
        return switch (name) {
            case "static_response" -> StaticResponseConfig.parse(n);
            case "subroute" -> SubrouteConfig.parse(n);
            case "reverse_proxy" -> ReverseProxyConfig.parse(n);
            case "headers" -> HeadersHandlerConfig.parse(n);
            case "rewrite" -> RewriteConfig.parse(n);
            case "request_body" -> RequestBodyConfig.parse(n);
            case "copy_response" -> CopyResponseConfig.parse(n);
            case "copy_response_headers" -> CopyResponseHeadersConfig.parse(n);
            case "error" -> ErrorHandlerConfig.parse(n);
            case "vars" -> VarsConfig.parse(n);
            case "map" -> MapConfig.parse(n);
            case "file_server" -> FileServerConfig.parse(n);
            case "encode" -> EncodeConfig.parse(n);
            default -> throw kind.error(NOT_YET.contains(name)
                    ? "\"" + name + "\" is a Caddy handler that Heddle does not support yet"
                    : "unknown handler \"" + name + "\"");
        };
    }
}
