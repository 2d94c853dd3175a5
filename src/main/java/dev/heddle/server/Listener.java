package dev.heddle.server;

import dev.heddle.config.ListenAddress;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.ClientSide;
import dev.heddle.http.Response;
import dev.heddle.server.http1.ClientTimeouts;
import dev.heddle.server.http1.Http1App;
import dev.heddle.server.http1.Http1Limits;
import dev.heddle.server.http1.Http1Selector;
import dev.heddle.server.http1.RequestHead;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One bound address. It outlives reloads that keep its address: a reload only swaps which
 * site (and generation) answers, so no connection is refused during the switch. Each request
 * runs on the generation that was current when it arrived.
 */
final class Listener implements Http1App {
    /** The site answering here and the generation it belongs to, swapped together. */
    record Binding(Site site, Generation generation) {
    }

    final ListenAddress address;
    private final AtomicReference<Binding> current = new AtomicReference<>();
    private WebServer server;
    private ClientTimeouts timeouts;
    /** The TLS setup when the server has tls_connection_policies; null for plain HTTP. */
    private dev.heddle.tls.ListenerTls tls;

    Listener(ListenAddress address, Binding binding) {
        this.address = address;
        this.current.set(binding);
    }

    /**
     * Binds the socket; false when Helidon could not (it logs instead of throwing). Helidon
     * accepts and sweeps idle connections; every connection is Heddle's own HTTP/1.x
     * (protocol discovery off, so Helidon's HTTP/1 never runs here).
     */
    boolean start(ServerConfig config, Duration grace, dev.heddle.tls.ListenerTls.Setup tlsSetup) {
        // Caddy's defaults (v2.9+): read_header_timeout 1m, idle_timeout 5m.
        timeouts = new ClientTimeouts(config.readHeaderTimeout(), config.readTimeout(), config.writeTimeout());
        Duration idle = config.idleTimeout().isZero() ? Duration.ofMinutes(5) : config.idleTimeout();
        var builder = WebServer.builder();
        if (tlsSetup != null) {
            tls = new dev.heddle.tls.ListenerTls(tlsSetup, handshakeTimeout(config));
            builder.tls(io.helidon.common.tls.Tls.builder().sslContext(tls.context()).sslParameters(tls.sslParameters())
                    .clientAuth(clientAuth(tls.parameters().clientAuthMode())).build());
        }
        server = builder
                .host(address.bindHost())
                .port(address.port())
                .shutdownHook(false)
                .shutdownGracePeriod(grace)
                .connectionOptions(o -> o.tcpNoDelay(true))
                // A plain socket (not Helidon's NIO one): Heddle's connection reads and writes it
                // directly (RawSocket), and NIO wrote in 8 KiB pieces, a syscall each (DESIGN.md §11).
                .useNio(false)
                .maxTcpConnections(config.maxConnections() > 0 ? config.maxConnections() : -1)
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idle.compareTo(Duration.ofMinutes(2)) < 0 ? idle.dividedBy(2) : Duration.ofMinutes(1))
                .protocolsDiscoverServices(false)
                .addConnectionSelector(new Http1Selector(this, timeouts))
                .build();
        server.start();
        return server.isRunning();
    }

    /**
     * Whether a reload can keep this listener for a server with {@code next} as its TLS: the
     * same choice of TLS or not, and the same listener-wide TLS parameters.
     */
    boolean canTake(dev.heddle.tls.ListenerTls.Setup next) {
        return tls == null ? next == null : next != null && tls.parameters().equals(next.parameters());
    }

    /** A reload keeping this address: the new server's timeouts, certificates and policies apply to the next requests and handshakes. */
    void bind(Binding binding, dev.heddle.tls.ListenerTls.Setup tlsSetup) {
        ServerConfig c = binding.site().config();
        timeouts.update(c.readHeaderTimeout(), c.readTimeout(), c.writeTimeout());
        if (tls != null && tlsSetup != null) {
            tls.swap(tlsSetup, handshakeTimeout(c));
        }
        current.set(binding);
    }

    /** Caddy's client authentication mode in Helidon's terms (it sets its own over the SSLParameters). */
    private static io.helidon.common.tls.TlsClientAuth clientAuth(String mode) {
        return switch (mode) {
            case "request", "verify_if_given" -> io.helidon.common.tls.TlsClientAuth.OPTIONAL;
            case "require", "require_and_verify" -> io.helidon.common.tls.TlsClientAuth.REQUIRED;
            default -> io.helidon.common.tls.TlsClientAuth.NONE;
        };
    }

    private static Duration handshakeTimeout(ServerConfig c) {
        return dev.heddle.tls.ListenerTls.handshakeTimeout(c.readHeaderTimeout(), c.readTimeout(), c.writeTimeout());
    }

    int port() {
        return server.port();
    }

    @Override
    public Http1Limits limits() {
        return current.get().site().limits();
    }

    @Override
    public void serve(RequestHead head, ClientSide client, ConnectionContext connection) {
        Binding b = current.get();
        // A generation drains to zero only after it stopped being current: re-read and enter the new one.
        while (!b.generation().enter()) {
            Binding next = current.get();
            if (next == b) {
                client.closeAfter();
                new Response(client).status(503).send();  // this listener is being stopped
                return;
            }
            b = next;
        }
        try {
            b.site().serve(head, client, connection);
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
