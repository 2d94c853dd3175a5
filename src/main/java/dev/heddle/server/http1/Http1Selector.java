package dev.heddle.server.http1;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.util.Set;

/**
 * Takes every connection Helidon accepts on a listener for Heddle's own HTTP/1.x code
 * (craft.md §8): Helidon keeps accept, TLS and idle sweeps; the bytes are Heddle's. A client
 * speaking HTTP/2 with prior knowledge goes to Helidon's HTTP/2 when the listener serves h2c,
 * and otherwise gets the 505 an unknown major version gets.
 */
public final class Http1Selector implements ServerConnectionSelector {
    private final Http1App app;
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ClientTimeouts timeouts;
    private final boolean h2c;

    /** @param h2c leave connections that open with the HTTP/2 preface to the HTTP/2 selector */
    public Http1Selector(Http1App app, ClientTimeouts timeouts, boolean h2c) {
        this.app = app;
        this.timeouts = timeouts;
        this.h2c = h2c;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        if (!h2c) {
            return Support.SUPPORTED;
        }
        int n = Math.min(data.available(), PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (data.read() != PREFACE[i]) {
                return Support.SUPPORTED;
            }
        }
        // The preface, or so far a prefix of it: ask again with more bytes.
        return n == PREFACE.length ? Support.UNSUPPORTED : Support.UNKNOWN;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of("http/1.1");
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Http1Connection(ctx, app, timeouts);
    }
}
