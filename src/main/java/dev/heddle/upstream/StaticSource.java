package dev.heddle.upstream;

import java.util.List;
import java.util.function.UnaryOperator;

/** The handler's configured {@code upstreams}, the same list for every request. */
public final class StaticSource implements UpstreamSource {
    private final List<Upstream> upstreams;

    public StaticSource(List<Upstream> upstreams) {
        this.upstreams = List.copyOf(upstreams);
    }

    @Override
    public List<Upstream> candidates(UnaryOperator<String> placeholders) {
        return upstreams;
    }

    public List<Upstream> upstreams() {
        return upstreams;
    }
}
