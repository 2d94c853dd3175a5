package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.dns.IpText;

import java.util.List;

/**
 * X-Forwarded-For / -Proto / -Host as Caddy sets them (reverseproxy.go, addForwardedHeaders):
 * from an untrusted peer the incoming values are replaced; from a trusted one they are kept
 * (For gets the peer appended). Forwarded (RFC 7239) is left alone.
 */
final class ForwardedHeaders {
    static final String XFF = "X-Forwarded-For";
    static final String XFP = "X-Forwarded-Proto";
    static final String XFH = "X-Forwarded-Host";

    private ForwardedHeaders() {
    }

    static String forwardedFor(Exchange ex, boolean trusted) {
        String peer = IpText.of(ex.remoteAddress());
        if (!trusted) {
            return peer;
        }
        List<String> prior = lines(ex, XFF);
        return prior.isEmpty() ? peer : String.join(", ", prior) + ", " + peer;
    }

    static String forwardedProto(Exchange ex, boolean trusted) {
        String last = trusted ? lastNonEmpty(lines(ex, XFP)) : null;
        return last != null ? last : ex.scheme();
    }

    static String forwardedHost(Exchange ex, boolean trusted) {
        String last = trusted ? lastNonEmpty(lines(ex, XFH)) : null;
        return last != null ? last : ex.host();
    }

    /** The field's lines as received. */
    private static List<String> lines(Exchange ex, String name) {
        return ex.headers().values(name);
    }

    private static String lastNonEmpty(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        return v.isEmpty() ? null : v;
    }
}
