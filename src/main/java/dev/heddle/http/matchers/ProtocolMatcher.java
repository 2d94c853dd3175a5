package dev.heddle.http.matchers;

import dev.heddle.http.Exchange;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * Caddy's {@code protocol} (matchers.go, MatchProtocol): {@code http}, {@code https},
 * {@code grpc}, and {@code http/1.0}, {@code http/1.1}, {@code http/2}, {@code http/3}, each
 * with a {@code +} suffix for "this version or newer". Case-sensitive; any other value loads
 * and matches nothing, as in Caddy (Heddle warns once at load, since it is surely a typo).
 */
final class ProtocolMatcher implements RequestMatcher {
    private static final Set<String> CADDY = Set.of("http", "https", "grpc", "http/1.0", "http/1.0+", "http/1.1",
            "http/1.1+", "http/2", "http/2+", "http/3", "http/3+");

    private final String protocol;

    ProtocolMatcher(String protocol) {
        this.protocol = protocol;
        if (!CADDY.contains(protocol)) {
            System.getLogger("dev.heddle.config").log(Level.WARNING, "protocol matcher \"" + protocol
                    + "\" matches no request (Caddy's values: http, https, grpc, http/1.0, http/1.1, http/2, http/3, each also with +)");
        }
    }

    @Override
    public boolean matches(Exchange ex) {
        int v = version(ex.protocolVersion());
        return switch (protocol) {
            case "http" -> !ex.secure();
            case "https" -> ex.secure();
            case "grpc" -> contentTypeIsGrpc(ex);
            case "http/1.0" -> v == 10;
            case "http/1.0+" -> v >= 10;
            case "http/1.1" -> v == 11;
            case "http/1.1+" -> v >= 11;
            case "http/2" -> v / 10 == 2;
            case "http/2+" -> v >= 20;
            case "http/3" -> v / 10 == 3;
            case "http/3+" -> v >= 30;
            default -> false;
        };
    }

    /** "1.1" as 11, "2.0" as 20. */
    private static int version(String v) {
        return v.length() == 3 ? (v.charAt(0) - '0') * 10 + (v.charAt(2) - '0') : (v.charAt(0) - '0') * 10;
    }

    private static boolean contentTypeIsGrpc(Exchange ex) {
        String type = ex.header("Content-Type");
        return type != null && type.startsWith("application/grpc");
    }
}
