package dev.heddle.server;

import dev.heddle.config.ListenAddress;
import dev.heddle.config.ServerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bound address. It outlives reloads that keep its address: a reload only swaps which
 * site (and generation) answers, so no connection is refused during the switch. Each request
 * runs on the generation that was current when it arrived.
 */
final class Listener {
    /** The site answering here and the generation it belongs to, swapped together. */
    record Binding(Site site, Generation generation) {
    }

    final ListenAddress address;
    private final AtomicReference<Binding> current = new AtomicReference<>();
    private WebServer server;
    private ClientTimeouts timeouts;

    Listener(ListenAddress address, Binding binding) {
        this.address = address;
        this.current.set(binding);
    }

    /** Binds the socket; false when Helidon could not (it logs instead of throwing). */
    boolean start(ServerConfig config, Duration grace) {
        Http1Config.Builder http1 = Http1Config.builder();
        // Helidon answers an oversized head with a bare 400 whose cause it keeps to itself; it gets
        // room to parse up to twice the limit so that Site can answer 431 (as Go and Caddy do).
        http1.maxHeadersSize((int) Math.min(Integer.MAX_VALUE, 2L * config.maxHeaderBytes()))
                .maxPrologueLength(config.maxRequestLineBytes());
        // Caddy's defaults (v2.9+): read_header_timeout 1m, idle_timeout 5m.
        timeouts = new ClientTimeouts(config.readHeaderTimeout(), config.readTimeout(), config.writeTimeout());
        http1.addReceiveListener(timeouts);
        Duration idle = config.idleTimeout().isZero() ? Duration.ofMinutes(5) : config.idleTimeout();
        server = WebServer.builder()
                .host(address.bindHost())
                .port(address.port())
                .shutdownHook(false)
                .shutdownGracePeriod(grace)
                .connectionOptions(o -> o.tcpNoDelay(true))
                // Helidon's NIO path writes responses in 8 KiB pieces, a syscall each (DESIGN.md §11).
                .useNio(false)
                .maxTcpConnections(config.maxConnections() > 0 ? config.maxConnections() : -1)
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idle.compareTo(Duration.ofMinutes(2)) < 0 ? idle.dividedBy(2) : Duration.ofMinutes(1))
                .addProtocol(http1.build())
                .addRouting(ConnectionRouting.builder().any(this::serve))
                .build();
        server.start();
        return server.isRunning();
    }

    /** A reload keeping this address: the new server's timeouts apply to the next requests. */
    void bind(Binding binding) {
        ServerConfig c = binding.site().config();
        timeouts.update(c.readHeaderTimeout(), c.readTimeout(), c.writeTimeout());
        current.set(binding);
    }

    int port() {
        return server.port();
    }

    private void serve(ServerRequest req, ServerResponse res) {
        Binding b = current.get();
        // A generation drains to zero only after it stopped being current: re-read and enter the new one.
        while (!b.generation().enter()) {
            Binding next = current.get();
            if (next == b) {
                res.status(503).send();  // this listener is being stopped
                return;
            }
            b = next;
        }
        try {
            b.site().serve(req, res, timeouts);
        } finally {
            b.generation().exit();
        }
    }

    void stop() {
        if (server != null) {
            server.stop();
        }
        if (timeouts != null) {
            timeouts.close();
        }
    }
}
