package dev.heddle.proxy;

import dev.heddle.http.Exchange;

import java.time.Duration;
import java.util.Locale;

/**
 * An HTTP/1.1 upgrade the client asked for (RFC 9110 §7.8): its protocol, lower-cased as Caddy
 * sends it upstream, and the handler's stream settings.
 */
record Upgrade(String type, Tunnels tunnels, Duration timeout, int bufferSize) {

    /** The requested protocol, or null: needs "upgrade" among the Connection tokens and an Upgrade field. */
    static String requested(Exchange ex) {
        if (ex.protocolVersion().equals("1.0")) {
            return null;  // RFC 9110 §7.8: a server ignores Upgrade in an HTTP/1.0 request
        }
        String upgrade = ex.header("Upgrade");
        if (upgrade == null || upgrade.isBlank()) {
            return null;
        }
        if (!HopByHop.connectionTokens(ex.headers()).contains("upgrade")) {
            return null;
        }
        return upgrade.trim().toLowerCase(Locale.ROOT);
    }

    static boolean hasBody(Exchange ex) {
        return ex.headers().contains("Transfer-Encoding") || ex.headers().contentLength() > 0;
    }
}
