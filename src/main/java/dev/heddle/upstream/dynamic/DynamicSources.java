package dev.heddle.upstream.dynamic;

import dev.heddle.config.DynamicUpstreamsConfig;
import dev.heddle.upstream.UpstreamFactory;
import dev.heddle.upstream.UpstreamSource;

import java.util.ArrayList;
import java.util.List;

/** Builds the source a {@code dynamic_upstreams} config names. */
public final class DynamicSources {
    private DynamicSources() {
    }

    public static UpstreamSource of(DynamicUpstreamsConfig config, UpstreamFactory factory) {
        return switch (config) {
            case DynamicUpstreamsConfig.A a -> new ASource(a, factory);
            case DynamicUpstreamsConfig.Srv s -> new SrvSource(s, factory);
            case DynamicUpstreamsConfig.Multi m -> {
                List<UpstreamSource> sources = new ArrayList<>();
                m.sources().forEach(s -> sources.add(of(s, factory)));
                yield new MultiSource(sources);
            }
        };
    }
}
