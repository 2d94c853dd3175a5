package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.IpText;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

import java.util.List;

/**
 * X-Forwarded-For / -Proto / -Host as Caddy sets them (reverseproxy.go, addForwardedHeaders):
 * from an untrusted peer the incoming values are replaced; from a trusted one they are kept
 * (For gets the peer appended). Forwarded (RFC 7239) is left alone.
 */
final class ForwardedHeaders {
    static final HeaderName XFF = HeaderNames.X_FORWARDED_FOR;
    static final HeaderName XFP = HeaderNames.X_FORWARDED_PROTO;
    static final HeaderName XFH = HeaderNames.X_FORWARDED_HOST;

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

    /** The field's lines as received (Helidon's values() would split them at commas). */
    private static List<String> lines(Exchange ex, HeaderName name) {
        return ex.headers().contains(name) ? ex.headers().get(name).allValues() : List.of();
    }

    private static String lastNonEmpty(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(values.size() - 1);
        return v.isEmpty() ? null : v;
    }
}
