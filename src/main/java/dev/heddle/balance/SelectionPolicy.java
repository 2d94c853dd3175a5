package dev.heddle.balance;

import dev.heddle.upstream.Upstream;

import java.util.List;

/** Picks an available upstream for a request, or null when none is available. */
public sealed interface SelectionPolicy permits RandomSelection {
    Upstream select(List<Upstream> pool);
}
