package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.transport.HeaderField;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The header block sent upstream, prepared once per request as Caddy's prepareRequest does:
 * hop-by-hop fields and those named in Connection removed, TE kept only as "trailers",
 * X-Forwarded-* set, everything else (Host with its port, User-Agent or its absence, Expect)
 * passed on unchanged and in order. Framing fields belong to the transport.
 */
final class RequestHeaders {
    private RequestHeaders() {
    }

    static List<HeaderField> prepare(Exchange ex, boolean trusted) {
        Set<String> named = HopByHop.connectionTokens(ex.headers());
        List<HeaderField> out = new ArrayList<>(ex.headers().size() + 6);  // room for the X-Forwarded-* and Te added
        for (dev.heddle.http.HeaderList.Line h : ex.headers().lines()) {
            String name = h.name();
            if (HopByHop.isHopByHop(name) || HopByHop.named(named, name) || name.equalsIgnoreCase("content-length")
                    || isForwarded(name)) {
                continue;
            }
            out.add(new HeaderField(h.name(), h.value()));
        }
        if (HopByHop.wantsTrailers(ex.headers())) {
            out.add(new HeaderField("Te", "trailers"));
        }
        String upgrade = Upgrade.requested(ex);
        if (upgrade != null) {
            // Stripped with the hop-by-hop fields, restored for the upgrade (Caddy's prepareRequest).
            out.add(new HeaderField("Connection", "Upgrade"));
            out.add(new HeaderField("Upgrade", upgrade));
        }
        out.add(new HeaderField("X-Forwarded-For", ForwardedHeaders.forwardedFor(ex, trusted)));
        out.add(new HeaderField("X-Forwarded-Proto", ForwardedHeaders.forwardedProto(ex, trusted)));
        out.add(new HeaderField("X-Forwarded-Host", ForwardedHeaders.forwardedHost(ex, trusted)));
        return out;
    }

    /** The client's request trailers, to follow the body upstream (hop-by-hop ones dropped). */
    static List<HeaderField> trailers(Exchange ex) {
        if (ex.client() == null) {
            return List.of();
        }
        List<HeaderField> out = new ArrayList<>(2);
        for (dev.heddle.http.HeaderList.Line t : ex.client().requestTrailers().lines()) {
            if (!HopByHop.isHopByHop(t.name())) {
                out.add(new HeaderField(t.name(), t.value()));
            }
        }
        return out;
    }

    private static boolean isForwarded(String name) {
        return name.length() >= 15 && name.regionMatches(true, 0, "x-forwarded-", 0, 12)
                && (name.equalsIgnoreCase("x-forwarded-for") || name.equalsIgnoreCase("x-forwarded-proto")
                    || name.equalsIgnoreCase("x-forwarded-host"));
    }
}
