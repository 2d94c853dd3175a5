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
final class Listener implements Http1App, dev.heddle.server.http2.Http2App {
    /** The site answering here and the generation it belongs to, swapped together. */
    record Binding(Site site, Generation generation) {
    }

    final ListenAddress address;
    private final AtomicReference<Binding> current = new AtomicReference<>();
    private WebServer server;
    private ClientTimeouts timeouts;
    /** The TLS setup when the server has tls_connection_policies; null for plain HTTP. */
    private dev.heddle.tls.ListenerTls tls;
    /** What this listener speaks, fixed while it runs (a reload that changes it needs a restart). */
    private boolean http1;
    private boolean http2;

    Listener(ListenAddress address, Binding binding) {
        this.address = address;
        this.current.set(binding);
    }

    /**
     * Binds the socket; false when Helidon could not (it logs instead of throwing). Helidon
     * accepts, negotiates ALPN and sweeps idle connections; HTTP/1.x connections are Heddle's
     * own, HTTP/2 connections Helidon's with every stream Heddle's (protocol discovery off, so
     * nothing else of Helidon's serves here).
     */
    boolean start(ServerConfig config, Duration grace, dev.heddle.tls.ListenerTls.Setup tlsSetup) {
        // Caddy's defaults (v2.9+): read_header_timeout 1m, idle_timeout 5m.
        timeouts = new ClientTimeouts(config.readHeaderTimeout(), config.readTimeout(), config.writeTimeout());
        Duration idle = config.idleTimeout().isZero() ? Duration.ofMinutes(5) : config.idleTimeout();
        var builder = WebServer.builder();
        if (tlsSetup != null) {
            tls = new dev.heddle.tls.ListenerTls(tlsSetup, handshakeTimeout(config));
            // Client authentication is each policy's, set on each socket by the context; Helidon's blocking
            // listener applies neither these parameters nor clientAuth (only its NIO path would).
            builder.tls(io.helidon.common.tls.Tls.builder().sslContext(tls.context()).sslParameters(tls.sslParameters())
                    .clientAuth(io.helidon.common.tls.TlsClientAuth.NONE).build());
        }
        http1 = speaks(config, tlsSetup, "http/1.1");
        http2 = speaks(config, tlsSetup, "h2");
        builder.host(address.bindHost())
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
                .protocolsDiscoverServices(false);
        if (http1) {
            // Asked first: on plain HTTP with h2c it lets the HTTP/2 preface through to Helidon.
            builder.addConnectionSelector(new Http1Selector(this, timeouts, http2 && tlsSetup == null));
        }
        if (http2) {
            builder.addConnectionSelector(io.helidon.webserver.http2.Http2ConnectionSelector.builder()
                    .http2Config(http2Config(config))
                    .addSubProtocolSelector(new dev.heddle.server.http2.StreamSelector(this))
                    .build());
        }
        server = builder.build();
        server.start();
        return server.isRunning();
    }

    /**
     * Whether this listener speaks a protocol (by its ALPN name): listed in the server's
     * {@code protocols} and, under TLS, allowed by the connection policy's {@code alpn}.
     */
    private static boolean speaks(ServerConfig config, dev.heddle.tls.ListenerTls.Setup tlsSetup, String alpn) {
        boolean listed = alpn.equals("h2") ? config.servesHttp2() : config.servesHttp1();
        return listed && (tlsSetup == null || tlsSetup.alpn().contains(alpn));
    }

    /**
     * Go's HTTP/2 server defaults where they differ from Helidon's: 250 streams, a header list as
     * large as HTTP/1's, and no 15 s limit on a client that keeps its window shut (Go waits; here
     * write_timeout, else 5 minutes, as the idle timeout).
     */
    private static io.helidon.webserver.http2.Http2Config http2Config(ServerConfig config) {
        return io.helidon.webserver.http2.Http2Config.builder()
                .maxConcurrentStreams(250)
                .maxHeaderListSize(config.maxHeaderBytes())
                .flowControlTimeout(config.writeTimeout().isZero() ? Duration.ofMinutes(5) : config.writeTimeout())
                // Heddle checks :path itself (Http2Request), as its HTTP/1 parser checks the target.
                .validatePath(false)
                .build();
    }

    /**
     * Whether a reload can keep this listener for a server with {@code next} as its TLS: the
     * same choice of TLS or not, and the same ALPN protocols (the one listener-wide TLS parameter;
     * the others are each policy's, applied per handshake, so a reload may change them).
     */
    boolean canTake(ServerConfig config, dev.heddle.tls.ListenerTls.Setup next) {
        boolean sameTls = tls == null ? next == null : next != null && tls.alpn().equals(next.alpn());
        return sameTls && http1 == speaks(config, next, "http/1.1") && http2 == speaks(config, next, "h2");
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
        Binding b = enter(client);
        if (b == null) {
            return;
        }
        try {
            b.site().serve(head, client, connection);
        } finally {
            b.generation().exit();
        }
    }

    @Override
    public void serve(dev.heddle.server.http2.Http2Request r, ClientSide client, ConnectionContext connection) {
        Binding b = enter(client);
        if (b == null) {
            return;
        }
        try {
            b.site().serve(r.method(), r.rawPath(), r.rawQuery(), r.host(), r.headers(), "2.0", client, connection);
        } finally {
            b.generation().exit();
        }
    }

    /** Enters the current generation; null (after answering 503) when this listener is being stopped. */
    private Binding enter(ClientSide client) {
        Binding b = current.get();
        // A generation drains to zero only after it stopped being current: re-read and enter the new one.
        while (!b.generation().enter()) {
            Binding next = current.get();
            if (next == b) {
                client.closeAfter();
                new Response(client).status(503).send();  // this listener is being stopped
                return null;
            }
            b = next;
        }
        return b;
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
