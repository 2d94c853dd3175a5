package dev.heddle.handlers.encode;

import dev.heddle.config.EncodeConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;

/**
 * Caddy's {@code encode} (encode/encode.go {@code ServeHTTP}): picks the client's most wanted
 * configured encoding before the response exists, strips that encoding's suffix from a strong
 * If-None-Match (so the inner handler's ETag comparison works), and sends the rest of the route's
 * response through an {@link EncodingClientSide}, which decides at the first body bytes. A
 * handler error turns encoding off, so error pages go out plain.
 */
public final class EncodeHandler implements Handler {
    private final EncodeConfig config;

    public EncodeHandler(EncodeConfig config) {
        this.config = config;
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        String cacheControl = ex.header("Cache-Control");
        if (cacheControl != null && cacheControl.contains("no-transform")) {
            next.run(ex);
            return;
        }
        String chosen = null;
        for (String name : AcceptedEncodings.of(ex, config.prefer())) {
            if (config.encodings().containsKey(name)) {
                chosen = name;
                break;
            }
        }
        if (chosen == null) {
            next.run(ex);
            return;
        }
        String inm = ex.header("If-None-Match");
        if (inm != null && !inm.startsWith("W/") && inm.endsWith("-" + chosen + "\"")) {
            ex.writableHeaders().set("If-None-Match", inm.substring(0, inm.length() - chosen.length() - 2) + "\"");
        }
        String encoding = chosen;
        boolean head = ex.method().equals("HEAD");
        Runnable unwrap = ex.response().wrapClient(c -> new EncodingClientSide(c, config, encoding, head));
        try {
            next.run(ex);
        } catch (HandlerException | RuntimeException e) {
            unwrap.run();  // the error routes answer without encoding, as Caddy's disabled writer
            throw e;
        }
    }
}
