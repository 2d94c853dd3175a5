package dev.heddle.server;

import dev.heddle.config.ConfigException;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.ListenAddress;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.HandlerFactory;
import dev.heddle.http.Provisioner;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded config serving traffic. Lifecycle:
 * <ol>
 *   <li>{@link #start}: provision every server's routes (handlers, transports), then bind one
 *       Helidon listener per listen address; a failure undoes what was done and says why;</li>
 *   <li>serve until {@link #close}: listeners stop (in-flight requests get the grace period),
 *       then everything the handlers opened is closed.</li>
 * </ol>
 */
public final class RunningApp implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");
    /** Caddy's grace_period 0 means "no limit"; Helidon's 0 means "none". */
    private static final Duration UNLIMITED_GRACE = Duration.ofDays(365);

    private final Provisioner provisioner;
    private final Map<String, List<WebServer>> listeners = new LinkedHashMap<>();

    private RunningApp(Provisioner provisioner) {
        this.provisioner = provisioner;
    }

    public static RunningApp start(HeddleConfig config, HandlerFactory factory) throws ConfigException {
        Provisioner provisioner = new Provisioner(factory);
        RunningApp app = new RunningApp(provisioner);
        try {
            List<Site> sites = new ArrayList<>();
            for (ServerConfig s : config.servers().values()) {
                sites.add(new Site(s, provisioner.compile(s.routes()), provisioner.compile(s.errorRoutes())));
            }
            Duration grace = config.gracePeriod().isZero() ? UNLIMITED_GRACE : config.gracePeriod();
            for (Site site : sites) {
                app.bind(config.servers().get(site.name()), site, grace);
            }
            return app;
        } catch (ConfigException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private void bind(ServerConfig config, Site site, Duration grace) throws ConfigException {
        List<WebServer> bound = new ArrayList<>();
        listeners.put(config.name(), bound);
        for (int i = 0; i < config.listen().size(); i++) {
            ListenAddress address = config.listen().get(i);
            WebServer server = listener(config, address, site, grace);
            try {
                server.start();
            } catch (RuntimeException e) {
                throw cannotListen(config, i, address, rootMessage(e));
            }
            // Helidon logs a failed bind and returns a server that is not running.
            if (!server.isRunning()) {
                throw cannotListen(config, i, address, BindProbe.reason(address));
            }
            bound.add(server);
            LOG.log(Level.INFO, "server " + config.name() + " listening on " + address.bindHost() + ":" + server.port());
        }
    }

    private static WebServer listener(ServerConfig config, ListenAddress address, Site site, Duration grace) {
        Http1Config.Builder http1 = Http1Config.builder();
        if (config.maxHeaderBytes() > 0) {
            http1.maxHeadersSize(config.maxHeaderBytes());
        }
        return WebServer.builder()
                .host(address.bindHost())
                .port(address.port())
                .shutdownHook(false)
                .shutdownGracePeriod(grace)
                .connectionOptions(o -> o.tcpNoDelay(true))
                .addProtocol(http1.build())
                .routing(r -> r.any(site::serve))
                .build();
    }

    private static ConfigException cannotListen(ServerConfig config, int index, ListenAddress address, String why) {
        return new ConfigException("apps.http.servers." + config.name() + ".listen[" + index + "]",
                "cannot listen on " + address + ": " + why);
    }

    /** The bound port of a server's listen address (useful with port 0). */
    public int port(String serverName, int listenIndex) {
        return listeners.get(serverName).get(listenIndex).port();
    }

    /** Stops every listener (in-flight requests finish within the grace period), then the handlers' resources. */
    @Override
    public void close() {
        List<Thread> stops = new ArrayList<>();
        for (List<WebServer> servers : listeners.values()) {
            for (WebServer s : servers) {
                stops.add(Thread.ofVirtual().start(s::stop));
            }
        }
        for (Thread t : stops) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        listeners.clear();
        provisioner.close();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

}
