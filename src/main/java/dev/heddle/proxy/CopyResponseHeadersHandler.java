package dev.heddle.proxy;

import dev.heddle.config.CopyResponseHeadersConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.transport.HeaderField;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Caddy's {@code copy_response_headers}: the upstream's headers (include or exclude lists) to the client response. */
public final class CopyResponseHeadersHandler implements Handler {
    private final Set<String> include;
    private final Set<String> exclude;

    public CopyResponseHeadersHandler(CopyResponseHeadersConfig config) {
        this.include = lower(config.include());
        this.exclude = lower(config.exclude());
    }

    private static Set<String> lower(List<String> names) {
        return Set.copyOf(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList());
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        PendingResponse pending = PendingResponse.of(ex, "copy_response_headers");
        for (HeaderField h : HopByHop.endToEnd(pending.response.headers())) {
            String lower = h.name().toLowerCase(Locale.ROOT);
            if ((include.isEmpty() || include.contains(lower)) && !exclude.contains(lower)) {
                ex.response().headers().add(h.name(), h.value());
            }
        }
        next.run(ex);
    }
}
