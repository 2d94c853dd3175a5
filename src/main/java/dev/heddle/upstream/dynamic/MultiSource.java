package dev.heddle.upstream.dynamic;

import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dynamic_upstreams} source {@code multi}: every source asked in order, their upstreams
 * appended. As Caddy's: a source that fails is logged and skipped, and the whole never fails
 * (with the {@code first} policy, a second source is a failover for the first).
 */
public final class MultiSource implements UpstreamSource {
    private static final System.Logger LOG = System.getLogger("dev.heddle.upstream");
    private final List<UpstreamSource> sources;

    public MultiSource(List<UpstreamSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public List<Upstream> candidates(UnaryOperator<String> placeholders) {
        List<Upstream> out = new ArrayList<>();
        for (UpstreamSource s : sources) {
            try {
                out.addAll(s.candidates(placeholders));
            } catch (IOException e) {
                // Each source logs its failed lookup once; this is per request.
                LOG.log(System.Logger.Level.DEBUG, () -> "upstream source returned error: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            LOG.log(System.Logger.Level.DEBUG, () -> "no upstreams from any of " + sources.size() + " sources");
        }
        return out;
    }

    @Override
    public void close() {
        sources.forEach(UpstreamSource::close);
    }
}
