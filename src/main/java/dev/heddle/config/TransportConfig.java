package dev.heddle.config;

/** A reverse_proxy's {@code transport}, chosen by its {@code "protocol"} (Caddy's module name). */
public sealed interface TransportConfig permits HttpTransportConfig, FastCgiTransportConfig {
    static TransportConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return HttpTransportConfig.DEFAULTS;
        }
        n.requireObject();
        Node protocol = n.field("protocol");
        String name = protocol.requiredString();
        return switch (name) {
            case "http" -> HttpTransportConfig.parse(n);
            case "fastcgi" -> FastCgiTransportConfig.parse(n);
            default -> throw protocol.error("transport \"" + name + "\" is not supported (\"http\" or \"fastcgi\")");
        };
    }
}
