package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.HeaderList;
import dev.heddle.transport.HeaderField;

import java.io.IOException;
import java.util.List;

/**
 * Relays an upstream's 1xx (e.g. 103 Early Hints) to the client before the final response,
 * as Caddy does; the client connection decides whether its protocol can carry it.
 */
final class Informational {
    private Informational() {
    }

    static void relay(Exchange ex, int status, List<HeaderField> fields) {
        if (ex.client() == null || ex.responseStarted()) {
            return;
        }
        HeaderList out = new HeaderList(fields.size());
        for (HeaderField f : fields) {
            if (!HopByHop.isHopByHop(f.name())) {
                out.add(f.name(), f.value());
            }
        }
        try {
            ex.client().informational(status, out);
        } catch (IOException e) {
            // The client is gone; the final response will find out and say so.
        }
    }
}
