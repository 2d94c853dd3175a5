package dev.heddle.server.http1;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.util.Set;

/**
 * Takes every connection Helidon accepts on a listener for Heddle's own HTTP/1.x code
 * (craft.md §8): Helidon keeps accept, TLS and idle sweeps; the bytes are Heddle's. A client
 * speaking HTTP/2 with prior knowledge gets the 505 an unknown major version gets.
 */
public final class Http1Selector implements ServerConnectionSelector {
    private final Http1App app;
    private final ClientTimeouts timeouts;

    public Http1Selector(Http1App app, ClientTimeouts timeouts) {
        this.app = app;
        this.timeouts = timeouts;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    @Override
    public Support supports(BufferData data) {
        return Support.SUPPORTED;
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
