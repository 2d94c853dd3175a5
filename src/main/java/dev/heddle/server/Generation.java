package dev.heddle.server;

import dev.heddle.config.ConfigException;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.ServerConfig;
import dev.heddle.http.HandlerFactory;
import dev.heddle.http.Provisioner;
import dev.heddle.observe.AccessLog;
import dev.heddle.observe.LogRouter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded config's runtime: its sites (compiled routes) and everything its handlers opened.
 * Reference-counted so that it closes only when it is no longer current AND its last in-flight
 * request has finished: the count starts at 1 for "current"; each request holds one more.
 */
final class Generation {
    final HeddleConfig config;
    final Map<String, Site> sites = new LinkedHashMap<>();
    private final Provisioner provisioner;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private Generation(HeddleConfig config, Provisioner provisioner) {
        this.config = config;
        this.provisioner = provisioner;
    }

    /** Provisions every server's routes; nothing listens yet. On failure, nothing is left open. */
    static Generation provision(HeddleConfig config, HandlerFactory factory) throws ConfigException {
        Provisioner p = new Provisioner(factory);
        Generation g = new Generation(config, p);
        try {
            LogRouter router = config.servers().values().stream().anyMatch(s -> s.logs() != null)
                    ? p.own(openLogs(config)) : null;
            for (ServerConfig s : config.servers().values()) {
                AccessLog log = s.logs() == null ? null : new AccessLog(s.logs(), router);
                g.sites.put(s.name(), new Site(s, p.compile(s.routes()), p.compile(s.errorRoutes()), log, config.metrics()));
            }
            return g;
        } catch (ConfigException | RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private static LogRouter openLogs(HeddleConfig config) throws ConfigException {
        try {
            return new LogRouter(config.logging());
        } catch (java.io.IOException e) {
            throw new ConfigException("logging.logs", "cannot open a log: " + e.getMessage());
        }
    }

    /** Takes a hold for one request; false if this generation already drained and closed. */
    boolean enter() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void exit() {
        if (refs.decrementAndGet() == 0) {
            close();
        }
    }

    /** No longer current: ends its long-lived streams, and closes once the requests it is serving have finished. */
    void retire() {
        provisioner.retiring();
        exit();
    }

    /** Waits up to {@code millis} for the drain; false if requests were still running. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return closed.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Asks its handlers to end long-lived streams (on stop, before the listeners wait for requests). */
    void retiring() {
        provisioner.retiring();
    }

    /** Closes now, in-flight requests or not (end of the grace period). */
    void forceClose() {
        refs.set(0);
        close();
    }

    private void close() {
        if (closed.getCount() > 0) {
            closed.countDown();
            provisioner.close();
        }
    }
}
