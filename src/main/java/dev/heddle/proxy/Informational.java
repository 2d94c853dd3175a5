package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.transport.HeaderField;
import io.helidon.common.buffers.BufferData;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Relays an upstream's 1xx (e.g. 103 Early Hints) to the client before the final response,
 * as Caddy does. Helidon has no API for it, so the response is written raw on the client
 * connection before Helidon writes anything (verified in craft.md §7).
 */
final class Informational {
    private Informational() {
    }

    static void relay(Exchange ex, int status, List<HeaderField> fields) {
        if (ex.connection() == null || !ex.protocolVersion().equals("1.1") || ex.responseStarted()) {
            return;
        }
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        for (HeaderField f : fields) {
            if (!HopByHop.isHopByHop(f.name().toLowerCase(Locale.ROOT))) {
                head.append(f.name()).append(": ").append(f.value()).append("\r\n");
            }
        }
        head.append("\r\n");
        try {
            ex.connection().dataWriter().writeNow(BufferData.create(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
        } catch (RuntimeException e) {
            // The client is gone; the final response will find out and say so.
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 102 -> "Processing";
            case 103 -> "Early Hints";
            default -> "Informational";
        };
    }
}
