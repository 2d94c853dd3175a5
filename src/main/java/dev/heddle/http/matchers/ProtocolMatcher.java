package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

/** Caddy's {@code protocol}: http, https, grpc, h1, h2, h2c, h3. */
final class ProtocolMatcher implements RequestMatcher {
    private final String protocol;

    ProtocolMatcher(String protocol) {
        this.protocol = protocol;
    }

    @Override
    public boolean matches(Exchange ex) {
        return switch (protocol) {
            case "http" -> !ex.secure();
            case "https" -> ex.secure();
            case "h1" -> ex.protocolVersion().startsWith("1.");
            case "h2" -> ex.protocolVersion().startsWith("2");
            case "h2c" -> ex.protocolVersion().startsWith("2") && !ex.secure();
            case "h3" -> ex.protocolVersion().startsWith("3");
            case "grpc" -> ex.protocolVersion().startsWith("2") && contentTypeIsGrpc(ex);
            default -> false;
        };
    }

    private static boolean contentTypeIsGrpc(Exchange ex) {
        String type = ex.header("Content-Type");
        return type != null && type.startsWith("application/grpc");
    }
}
