package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.FieldName;
import dev.heddle.http.HeaderList;
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
        Set<String> named = HopByHop.namedFields(ex.headers());
        List<HeaderField> out = new ArrayList<>(ex.headers().size() + 6);  // room for the X-Forwarded-* and Te added
        for (HeaderList.Line h : ex.headers().lines()) {
            int id = h.id();
            if (HopByHop.isHopByHop(id) || id == FieldName.CONTENT_LENGTH || isForwarded(id)
                    || HopByHop.named(named, h.name())) {
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
        for (HeaderList.Line t : ex.client().requestTrailers().lines()) {
            if (!HopByHop.isHopByHop(t.id())) {
                out.add(new HeaderField(t.name(), t.value()));
            }
        }
        return out;
    }

    private static boolean isForwarded(int id) {
        return id == FieldName.X_FORWARDED_FOR || id == FieldName.X_FORWARDED_PROTO || id == FieldName.X_FORWARDED_HOST;
    }
}
