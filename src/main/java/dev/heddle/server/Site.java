package dev.heddle.server;

import dev.heddle.config.Cidr;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.AbortConnection;
import dev.heddle.http.ClientSide;
import dev.heddle.http.ErrorRoutes;
import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.RouteList;
import dev.heddle.observe.AccessLog;
import dev.heddle.observe.Metrics;
import dev.heddle.server.http1.Http1Limits;
import dev.heddle.server.http1.RequestHead;
import io.helidon.webserver.ConnectionContext;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One Caddy server ({@code apps.http.servers.<name>}) at run time: turns each request into an
 * {@link Exchange}, runs the routes, and maps a handler error to the error routes or to an
 * empty response with its status. A request no route answers gets 200 and no body.
 */
final class Site {
    /** Status logged for a connection aborted before any status was chosen (nginx's "client closed"). */
    private static final int ABORTED = 499;

    private static final System.Logger LOG = System.getLogger("dev.heddle.server");

    private final ServerConfig config;
    private final RouteList routes;
    private final ErrorRoutes errors;
    private final ClientIpResolver clientIp;
    private final AccessLog accessLog;
    private final boolean metrics;
    private final Http1Limits limits;

    /**
     * @param accessLog null when the server has no {@code logs}
     * @param metrics   record per-request metrics ({@code apps.http.metrics})
     */
    Site(ServerConfig config, RouteList routes, RouteList errorRoutes, AccessLog accessLog, boolean metrics) {
        this.config = config;
        this.routes = routes;
        this.errors = new ErrorRoutes(errorRoutes);
        this.clientIp = new ClientIpResolver(config.trustedProxies(), config.clientIpHeaders(), config.trustedProxiesStrict());
        this.accessLog = accessLog;
        this.metrics = metrics;
        this.limits = new Http1Limits(config.maxRequestLineBytes(), config.maxHeaderBytes(), config.maxHeaderCount());
    }

    /** This server's head limits, made once per load (the connection keeps its parser while they stay). */
    Http1Limits limits() {
        return limits;
    }

    String name() {
        return config.name();
    }

    ServerConfig config() {
        return config;
    }

    void serve(RequestHead head, ClientSide client, ConnectionContext connection) {
        serve(head.method(), head.rawPath(), head.rawQuery(), head.host(), head.headers(), head.minorVersion() == 0 ? "1.0" : "1.1",
                client, connection);
    }

    /**
     * Runs one request whatever protocol carried it.
     *
     * @param host    the request's authority: an absolute-form target's or :authority, else Host
     * @param version "1.0", "1.1" or "2.0"
     */
    void serve(String method, String rawPath, String rawQuery, String host, dev.heddle.http.HeaderList headers, String version,
               ClientSide client, ConnectionContext connection) {
        if (!host.isEmpty() && !host.equals(headers.first("Host"))) {
            headers.set("Host", host);  // the authority is the request's host (RFC 9112 §3.2.2, RFC 9113 §8.3.1)
        }
        long start = System.nanoTime();
        if (metrics) {
            Metrics.started(config.name());
        }
        Exchange ex = exchange(method, rawPath, rawQuery, host, headers, version, client, connection);
        boolean failed = false;
        boolean completed = false;
        try {
            try {
                routes.serve(ex, Next.END, Next.END);
            } catch (HandlerException e) {
                failed = true;
                handleError(ex, e);
            }
            // Nothing answered: Caddy's empty 200. Never after an abort (AbortConnection).
            if (!ex.responseStarted()) {
                ex.loggedStatus(200);
                ex.response().status(200).send();
            }
            ex.response().finish();  // a streamed body left open ends here, trailers included
            completed = true;
        } catch (IOException e) {
            ex.clientError("client write error: " + e.getMessage());
            throw new AbortConnection("client write error");
        } finally {
            if (!completed && ex.loggedStatus() == 0) {
                ex.loggedStatus(ABORTED);
            }
            record(ex, start, failed);
        }
    }

    private void record(Exchange ex, long start, boolean failed) {
        int status = ex.loggedStatus() > 0 ? ex.loggedStatus() : ex.response().status();
        long size = ex.bodyBytesSent();
        if (accessLog != null) {
            accessLog.log(ex, start, status, size);
        }
        if (metrics) {
            Metrics.finished(config.name(), ex.method(), status, System.nanoTime() - start, size, failed);
        }
    }

    private void handleError(Exchange ex, HandlerException e) {
        LOG.log(Level.DEBUG, () -> "server " + config.name() + ": " + ex.method() + " " + ex.rawUri()
                + " failed with " + e.status() + ": " + e.getMessage());
        if (ex.responseStarted()) {
            // Headers are out: the only honest signal left is to cut the connection.
            throw new AbortConnection("error after the response started: " + e.getMessage());
        }
        // The server's error routes see the request as it arrived: a rewrite's method and URI are
        // undone, its header edits are not (Caddy's server.go).
        ex.restoreOriginalRequest();
        try {
            errors.handle(ex, e, ErrorRoutes.WRITE_STATUS);
        } catch (HandlerException second) {
            LOG.log(Level.WARNING, "server " + config.name() + ": error routes failed: " + second.getMessage()
                    + " (handling: " + e.getMessage() + ")");
            if (!ex.responseStarted()) {
                ex.response().status(second.status()).send();
            }
        }
    }

    private Exchange exchange(String method, String rawPath, String rawQuery, String host, dev.heddle.http.HeaderList headers,
                              String version, ClientSide client, ConnectionContext connection) {
        InetAddress peer = peerAddress(connection);
        boolean trusted = Cidr.anyContains(config.trustedProxies(), peer);
        return Exchange.builder()
                .method(method)
                .rawPath(rawPath)
                .rawQuery(rawQuery)
                .host(host)
                .headers(headers)
                .remote(peer, connection.remotePeer().port())
                .local(localAddress(connection), connection.localPeer().port())
                .secure(connection.isSecure())
                .tls(client == null ? null : client.tls())
                .protocolVersion(version)
                .trustedPeer(trusted)
                .clientAddress(trusted ? clientIp.resolve(peer, headers) : peer)
                .client(client)
                .build();
    }

    private static InetAddress localAddress(ConnectionContext connection) {
        return connection.localPeer().address() instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }

    private static InetAddress peerAddress(ConnectionContext connection) {
        if (connection.remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}
