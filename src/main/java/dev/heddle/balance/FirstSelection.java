package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;

import java.util.List;

/** {@code first}: the first available upstream in config order (primary / fallbacks). */
public record FirstSelection() implements SelectionPolicy {
    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        for (Upstream u : pool) {
            if (u.available()) {
                return u;
            }
        }
        return null;
    }
}
