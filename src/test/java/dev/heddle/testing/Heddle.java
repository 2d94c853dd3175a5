package dev.heddle.testing;

import dev.heddle.cli.Instance;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.server.RunningApp;

import java.util.concurrent.CountDownLatch;

/**
 * Heddle running in the test's JVM from a JSON config whose listeners use port 0; closed by
 * the test (try-with-resources). Its admin API runs only when the config names an admin
 * listener (use "127.0.0.1:0"); otherwise it is off, so tests never compete for :2019.
 */
public final class Heddle implements AutoCloseable {
    private final Instance instance;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private Heddle(String json) throws ConfigException {
        HeddleConfig config = ConfigLoader.parse(json);
        if (!json.contains("\"admin\"")) {
            config = new HeddleConfig(new dev.heddle.config.AdminConfig(true, config.admin().listen(), config.admin().origins()),
                    config.servers(), config.gracePeriod(), config.logging(), config.metrics(), config.source());
        }
        this.instance = Instance.start(config, stopRequested::countDown);
    }

    public static Heddle start(String json) throws ConfigException {
        return new Heddle(json);
    }

    /**
     * As {@link #start}, for a config that must name fixed ports (its routes dial its own
     * listeners, or a redirect names them): a listener that cannot bind is a
     * {@link FreePorts.PortTaken}, to be started again on other ports by
     * {@link FreePorts#startOnFreePorts}.
     */
    public static Heddle startOnNamedPorts(String json) throws ConfigException, FreePorts.PortTaken {
        try {
            return new Heddle(json);
        } catch (ConfigException e) {
            if (e.getMessage().contains("cannot listen on")) {
                throw new FreePorts.PortTaken(e.getMessage(), e);
            }
            throw e;
        }
    }

    public RunningApp app() {
        return instance.app();
    }

    public int adminPort() {
        return instance.adminPort();
    }

    /** Counted down when the admin API was asked to stop. */
    public CountDownLatch stopRequested() {
        return stopRequested;
    }

    /** A one-server config: {@code routesJson} is the JSON array of routes. */
    public static Heddle withRoutes(String routesJson) throws ConfigException {
        return start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s}}}}}
                """.formatted(routesJson));
    }

    /** One server whose only route proxies everything to {@code dial} with default settings. */
    public static Heddle proxyTo(String dial) throws ConfigException {
        return withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + dial + "\"}]}]}]");
    }

    public int port() {
        return instance.app().port("srv0", 0);
    }

    public int port(String server) {
        return instance.app().port(server, 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        instance.close();
    }
}
