package dev.heddle.http;

import dev.heddle.config.ConfigException;
import dev.heddle.config.RouteConfig;
import dev.heddle.http.matchers.Matchers;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles route configs into {@link RouteList}s during one config load, and owns what the
 * handlers opened (transports, later health checkers) so that closing the app closes them.
 */
public final class Provisioner implements AutoCloseable {
    private final HandlerFactory factory;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Runnable> retireHooks = new ArrayList<>();

    public Provisioner(HandlerFactory factory) {
        this.factory = factory;
    }

    public RouteList compile(List<RouteConfig> routes) throws ConfigException {
        List<RouteList.Route> out = new ArrayList<>(routes.size());
        for (RouteConfig r : routes) {
            List<Handler> handlers = new ArrayList<>(r.handle().size());
            for (var h : r.handle()) {
                handlers.add(factory.create(h, this));
            }
            out.add(new RouteList.Route(Matchers.compileAny(r.match()), List.copyOf(handlers), r.terminal(), r.group()));
        }
        return new RouteList(out);
    }

    /** Registers something to close when the app built by this load is closed. */
    public <T extends AutoCloseable> T own(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Registers what to do when this load stops being current (a reload or a stop), before its
     * in-flight requests have drained: e.g. ending long-lived streams that would hold it open.
     */
    public void onRetire(Runnable hook) {
        retireHooks.add(hook);
    }

    /** Runs the retire hooks (once). */
    public void retiring() {
        List<Runnable> hooks = new ArrayList<>(retireHooks);
        retireHooks.clear();
        hooks.forEach(Runnable::run);
    }

    /** Closes owned resources, newest first; failures do not stop the others. */
    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.getLogger(Provisioner.class.getName()).log(System.Logger.Level.WARNING,
                        "closing " + resources.get(i) + " failed", e);
            }
        }
        resources.clear();
    }
}
