package dev.heddle.server;

import dev.heddle.config.Cidr;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.ErrorRoutes;
import dev.heddle.http.Exchange;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.http.RouteList;
import dev.heddle.observe.AccessLog;
import dev.heddle.observe.Metrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One Caddy server ({@code apps.http.servers.<name>}) at run time: turns each Helidon request
 * into an {@link Exchange}, runs the routes, and maps a handler error to the error routes or
 * to an empty response with its status. A request no route answers gets 200 and no body.
 */
final class Site {
    /** Status logged for a connection aborted before any status was chosen (nginx's "client closed"). */
    private static final int ABORTED = 499;

    private static final Status HEAD_TOO_LARGE = Status.create(431, "Request Header Fields Too Large");

    private static final System.Logger LOG = System.getLogger("dev.heddle.server");

    private final ServerConfig config;
    private final RouteList routes;
    private final ErrorRoutes errors;
    private final ClientIpResolver clientIp;
    private final AccessLog accessLog;
    private final boolean metrics;

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
    }

    String name() {
        return config.name();
    }

    ServerConfig config() {
        return config;
    }

    void serve(ServerRequest req, ServerResponse res, ClientTimeouts timeouts) {
        long start = System.nanoTime();
        if (metrics) {
            Metrics.started(config.name());
        }
        Exchange ex = exchange(req, res, timeouts);
        String overLimit = headLimitExceeded(req);
        if (overLimit != null) {
            ex.loggedStatus(431);
            res.status(HEAD_TOO_LARGE).header(HeaderNames.CONNECTION, "close");
            closeAfter(ex);
            res.send(overLimit);
            timeouts.done(ex.connection());
            record(ex, start, false);
            return;
        }
        closeAfterIfAsked(ex);
        if (UnreadBody.declared(req)) {
            // Whatever answers, the unread body is settled before its head goes out (UnreadBody).
            res.beforeSend(() -> {
                switch (UnreadBody.settle(req, res)) {
                    case KEEP -> { }
                    case CLOSE -> closeAfter(ex);
                    case DRAIN_THEN_CLOSE -> res.whenSent(() -> {
                        UnreadBody.drain(req, ex.connection().serverSocket()::close);
                        ex.connection().serverSocket().close();
                    });
                }
            });
        }
        boolean failed = false;
        boolean completed = false;
        try {
            try {
                routes.serve(ex, Next.END, Next.END);
            } catch (HandlerException e) {
                failed = true;
                handleError(ex, e);
            }
            completed = true;
            // Nothing answered: Caddy's empty 200. Never after an abort (CloseConnectionException).
            if (!ex.responseStarted()) {
                ex.loggedStatus(200);
                res.status(Status.OK_200).send();
            }
        } finally {
            timeouts.done(ex.connection());
            if (!completed && ex.loggedStatus() == 0) {
                ex.loggedStatus(ABORTED);
            }
            record(ex, start, failed);
        }
    }

    /**
     * Helidon 4.5.0 answers "Connection: close" but keeps the socket open (a client reading to
     * EOF would hang): when the client asked for it, close the connection once the response is out.
     */
    private static void closeAfterIfAsked(Exchange ex) {
        if (ex.connection() == null) {
            return;
        }
        for (String v : ex.headers().values(HeaderNames.CONNECTION)) {
            if (v.trim().equalsIgnoreCase("close")) {
                closeAfter(ex);
                return;
            }
        }
    }

    private static void closeAfter(Exchange ex) {
        if (ex.connection() != null) {
            ex.response().whenSent(() -> ex.connection().serverSocket().close());
        }
    }

    /**
     * max_header_count (repeated fields counted one by one) and max_header_bytes (each field as
     * "name: value\r\n"); the reason when one is exceeded, else null.
     */
    private String headLimitExceeded(ServerRequest req) {
        int count = 0;
        long bytes = 0;
        for (io.helidon.http.Header h : req.headers()) {
            int n = h.name().length() + 4;
            for (String v : h.allValues()) {
                count++;
                bytes += n + v.length();
            }
        }
        if (count > config.maxHeaderCount()) {
            return "Too many request header fields (limit " + config.maxHeaderCount() + ")\n";
        }
        return bytes > config.maxHeaderBytes() ? "Request header fields too large\n" : null;
    }

    private void record(Exchange ex, long start, boolean failed) {
        int status = ex.loggedStatus() > 0 ? ex.loggedStatus() : ex.response().status().code();
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
            throw new CloseConnectionException("error after the response started: " + e.getMessage());
        }
        try {
            errors.handle(ex, e, ErrorRoutes.WRITE_STATUS);
        } catch (HandlerException second) {
            LOG.log(Level.WARNING, "server " + config.name() + ": error routes failed: " + second.getMessage()
                    + " (handling: " + e.getMessage() + ")");
            if (!ex.responseStarted()) {
                ex.response().status(Status.create(second.status())).send();
            }
        }
    }

    private Exchange exchange(ServerRequest req, ServerResponse res, ClientTimeouts timeouts) {
        HttpPrologue prologue = req.prologue();
        ConnectionContext ctx = ConnectionRouting.current();
        InetAddress peer = peerAddress(req);
        boolean trusted = Cidr.anyContains(config.trustedProxies(), peer);
        return Exchange.builder()
                .method(prologue.method().text())
                .rawPath(prologue.uriPath().rawPath())
                .rawQuery(prologue.query().rawValue())
                .host(req.headers().first(HeaderNames.HOST).orElse(""))
                .headers(req.headers())
                .remote(peer, req.remotePeer().port())
                .secure(req.isSecure())
                .protocolVersion(prologue.protocolVersion())
                .trustedPeer(trusted)
                .clientAddress(trusted ? clientIp.resolve(peer, req.headers()) : peer)
                .helidon(req, res)
                .connection(ctx)
                .deadlineHooks(() -> timeouts.requestRead(ctx), () -> timeouts.done(ctx))
                .build();
    }

    private static InetAddress peerAddress(ServerRequest req) {
        if (req.remotePeer().address() instanceof InetSocketAddress isa && isa.getAddress() != null) {
            return isa.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}
