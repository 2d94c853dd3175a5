package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;

/**
 * Picks an available upstream from {@code pool} for a request, or null when none is available
 * (caddy reverseproxy/selectionpolicies.go). Policies look at upstreams only through
 * {@link Upstream#available()} and {@link Upstream#inFlight()}.
 */
public sealed interface SelectionPolicy permits RandomSelection, RandomChooseSelection, LeastConnSelection,
        RoundRobinSelection, WeightedRoundRobinSelection, FirstSelection, HashSelection, CookieSelection {
    Upstream select(List<Upstream> pool, Exchange ex);
}
