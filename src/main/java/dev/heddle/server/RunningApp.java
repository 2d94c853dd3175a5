package dev.heddle.server;

import dev.heddle.admin.ConfigTarget;
import dev.heddle.config.ConfigException;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.ListenAddress;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.HandlerFactory;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The serving process: listeners by address and the current {@link Generation}. Lifecycle:
 * <ol>
 *   <li>{@link #start}: provision the config, then bind one listener per listen address;</li>
 *   <li>{@link #reload}: provision the new config fully first (a failure leaves the old one
 *       serving), bind new addresses, switch every kept listener to its new site at once, stop
 *       listeners whose address is gone, and retire the old generation: it closes when its
 *       in-flight requests finish, or when grace_period runs out;</li>
 *   <li>{@link #close}: stop listeners (in-flight requests get the grace period), then close.</li>
 * </ol>
 */
public final class RunningApp implements AutoCloseable, ConfigTarget {
    private static final System.Logger LOG = System.getLogger("dev.heddle.server");
    /** Caddy's grace_period 0 means "no limit"; Helidon's 0 means "none". */
    private static final Duration UNLIMITED_GRACE = Duration.ofDays(365);

    private final HandlerFactory factory;
    private final ReentrantLock reloading = new ReentrantLock();
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private volatile Generation current;

    private RunningApp(HandlerFactory factory) {
        this.factory = factory;
    }

    public static RunningApp start(HeddleConfig config, HandlerFactory factory) throws ConfigException {
        RunningApp app = new RunningApp(factory);
        app.reload(config, true);
        return app;
    }

    @Override
    /** The config being served. */
    public HeddleConfig config() {
        return current.config;
    }

    /**
     * Switches to {@code config}. Returns false (and changes nothing) when it is identical to the
     * running one and {@code force} is off.
     */
    @Override
    public boolean reload(HeddleConfig config, boolean force) throws ConfigException {
        reloading.lock();
        try {
            Generation old = current;
            if (!force && old != null && old.config.source().equals(config.source())) {
                return false;
            }
            Generation next = Generation.provision(config, factory);
            Map<String, Listener> added = new LinkedHashMap<>();
            Map<String, dev.heddle.tls.ListenerTls.Setup> tls;
            try {
                tls = prepareTls(config);
                bindNew(config, next, added, tls);
            } catch (ConfigException | RuntimeException e) {
                added.values().forEach(Listener::stop);
                next.forceClose();
                throw e;
            }
            switchOver(config, next, added, tls);
            current = next;
            if (old != null) {
                retire(old, grace(config));
                LOG.log(Level.INFO, "config reloaded (" + config.servers().size() + " servers)");
            }
            return true;
        } finally {
            reloading.unlock();
        }
    }

    /** Each TLS server's certificates loaded and policies checked, before anything binds or switches. */
    private static Map<String, dev.heddle.tls.ListenerTls.Setup> prepareTls(HeddleConfig config) throws ConfigException {
        Map<String, dev.heddle.tls.ListenerTls.Setup> out = new HashMap<>();
        for (ServerConfig s : config.servers().values()) {
            if (s.tls() != null) {
                out.put(s.name(), dev.heddle.tls.ListenerTls.prepare(s.tls()));
            }
        }
        return out;
    }

    private void bindNew(HeddleConfig config, Generation next, Map<String, Listener> added,
                         Map<String, dev.heddle.tls.ListenerTls.Setup> tls) throws ConfigException {
        for (ServerConfig s : config.servers().values()) {
            for (int i = 0; i < s.listen().size(); i++) {
                ListenAddress address = s.listen().get(i);
                String key = key(s.name(), i, address);
                Listener kept = listeners.get(key);
                if (kept != null && !kept.canTake(s, tls.get(s.name()))) {
                    throw new ConfigException("apps.http.servers." + s.name() + ".tls_connection_policies",
                            "turning TLS on or off, or changing ALPN or the server's protocols,"
                                    + " on the running listener " + address + " needs a restart");
                }
                if (kept != null || added.containsKey(key)) {
                    continue;
                }
                Listener l = new Listener(address, new Listener.Binding(next.sites.get(s.name()), next));
                boolean running;
                try {
                    running = l.start(s, grace(config), tls.get(s.name()));
                } catch (RuntimeException e) {
                    running = false;
                }
                if (!running) {
                    throw new ConfigException("apps.http.servers." + s.name() + ".listen[" + i + "]",
                            "cannot listen on " + address + ": " + BindProbe.reason(address));
                }
                added.put(key, l);
                LOG.log(Level.INFO, "server " + s.name() + " listening on " + address.bindHost() + ":" + l.port());
            }
        }
    }

    /**
     * A listener's key: its address, which the loader allows once across servers; a port-0
     * address (any free port) is each server's own listener, so its key names the server and the
     * position, and two servers on "127.0.0.1:0" get a port each.
     */
    private static String key(String server, int index, ListenAddress address) {
        return address.port() == 0 ? address + " " + server + "[" + index + "]" : address.toString();
    }

    /** Every kept or new address now answers with the new config; vanished ones stop. */
    private void switchOver(HeddleConfig config, Generation next, Map<String, Listener> added,
                            Map<String, dev.heddle.tls.ListenerTls.Setup> tls) {
        Map<String, String> owners = new HashMap<>();
        for (ServerConfig s : config.servers().values()) {
            for (int i = 0; i < s.listen().size(); i++) {
                owners.put(key(s.name(), i, s.listen().get(i)), s.name());
            }
        }
        for (Map.Entry<String, String> e : owners.entrySet()) {
            Listener l = listeners.get(e.getKey());
            if (l != null) {
                l.bind(new Listener.Binding(next.sites.get(e.getValue()), next), tls.get(e.getValue()));
            }
        }
        listeners.putAll(added);
        List<Listener> gone = new ArrayList<>();
        listeners.entrySet().removeIf(e -> {
            if (!owners.containsKey(e.getKey())) {
                gone.add(e.getValue());
                return true;
            }
            return false;
        });
        for (Listener l : gone) {
            Thread.ofVirtual().start(l::stop);
        }
    }

    /** The old generation closes when drained; past the grace period, it is closed anyway. */
    private static void retire(Generation old, Duration grace) {
        old.retire();
        Thread.ofVirtual().name("heddle-retire").start(() -> {
            try {
                if (!old.awaitClosed(Math.min(grace.toMillis(), UNLIMITED_GRACE.toMillis()))) {
                    LOG.log(Level.WARNING, "grace period over: closing the previous config with requests still running");
                    old.forceClose();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private static Duration grace(HeddleConfig config) {
        return config.gracePeriod().isZero() ? UNLIMITED_GRACE : config.gracePeriod();
    }

    /** The bound port of a server's listen address (useful with port 0). */
    public int port(String serverName, int listenIndex) {
        ListenAddress a = current.config.servers().get(serverName).listen().get(listenIndex);
        return listeners.get(key(serverName, listenIndex, a)).port();
    }

    /** Stops every listener (in-flight requests finish within the grace period), then closes the config. */
    @Override
    public void close() {
        reloading.lock();
        try {
            if (current != null) {
                current.retiring();  // upgraded streams end (after stream_close_delay) instead of holding the stop
            }
            List<Thread> stops = new ArrayList<>();
            for (Listener l : listeners.values()) {
                stops.add(Thread.ofVirtual().start(l::stop));
            }
            for (Thread t : stops) {
                t.join();
            }
            listeners.clear();
            if (current != null) {
                current.forceClose();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reloading.unlock();
        }
    }
}
