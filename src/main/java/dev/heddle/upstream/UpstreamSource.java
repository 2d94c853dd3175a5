package dev.heddle.upstream;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Where a reverse_proxy's candidates come from, asked on every attempt (Caddy's
 * UpstreamSource): its static list, or a dynamic source (DNS A/AAAA, SRV, several in turn).
 * The {@link Upstream}s returned live over the shared registry's hosts, so health and load
 * follow an address for as long as a source returns it.
 */
public interface UpstreamSource extends AutoCloseable {
    /**
     * The current candidates.
     *
     * @param placeholders replaces {@code {...}} in configured names with this request's values
     * @throws IOException the source could not answer (the proxy falls back to its static upstreams)
     */
    List<Upstream> candidates(UnaryOperator<String> placeholders) throws IOException;

    /** Gives back every host this source holds (the config that made it is retired). */
    @Override
    default void close() {
    }
}
