package dev.heddle.testing;

import dev.heddle.cli.Handlers;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.server.RunningApp;

/**
 * Heddle running in the test's JVM from a JSON config whose listeners use port 0; closed by
 * the test (try-with-resources).
 */
public final class Heddle implements AutoCloseable {
    private final RunningApp app;

    private Heddle(RunningApp app) {
        this.app = app;
    }

    public static Heddle start(String json) throws ConfigException {
        return new Heddle(RunningApp.start(ConfigLoader.parse(json), new Handlers()));
    }

    /** A one-server config: {@code routesJson} is the JSON array of routes. */
    public static Heddle withRoutes(String routesJson) throws ConfigException {
        return start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s}}}}}
                """.formatted(routesJson));
    }

    public int port() {
        return app.port("srv0", 0);
    }

    public int port(String server) {
        return app.port(server, 0);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    @Override
    public void close() {
        app.close();
    }
}
