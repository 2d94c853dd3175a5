package dev.heddle.cli;

import dev.heddle.admin.AdminServer;
import dev.heddle.config.ConfigException;
import dev.heddle.config.HeddleConfig;
import dev.heddle.server.RunningApp;

/**
 * A running Heddle: the served config plus, unless disabled, its admin API. What {@code heddle
 * run} starts, and what in-process tests start too.
 */
public final class Instance implements AutoCloseable {
    private final RunningApp app;
    private final AdminServer admin;

    private Instance(RunningApp app, AdminServer admin) {
        this.app = app;
        this.admin = admin;
    }

    /** @param onStop what the admin API's POST /stop does */
    public static Instance start(HeddleConfig config, Runnable onStop) throws ConfigException {
        RunningApp app = RunningApp.start(config, new Handlers());
        if (config.admin().disabled()) {
            return new Instance(app, null);
        }
        try {
            return new Instance(app, AdminServer.start(config.admin(), app, onStop));
        } catch (ConfigException | RuntimeException e) {
            app.close();
            throw e;
        }
    }

    public RunningApp app() {
        return app;
    }

    /** The admin API's bound port, or -1 when it is disabled. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        app.close();
    }
}
