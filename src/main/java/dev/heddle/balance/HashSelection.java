package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.dns.IpText;
import dev.heddle.http.QueryParams;
import dev.heddle.upstream.Upstream;

import java.util.List;

/**
 * The hashing policies {@code ip_hash}, {@code client_ip_hash}, {@code uri_hash}, {@code query}
 * and {@code header}: rendezvous hashing over a request key, so the same key keeps its
 * upstream; an empty key goes to the fallback policy.
 *
 * @param name the query key or header field (unused for the others)
 */
public record HashSelection(Key key, String name, SelectionPolicy fallback) implements SelectionPolicy {
    /** What the request is hashed on. */
    public enum Key { REMOTE_IP, CLIENT_IP, URI, QUERY, HEADER }

    @Override
    public Upstream select(List<Upstream> pool, Exchange ex) {
        String k = switch (key) {
            case REMOTE_IP -> IpText.of(ex.remoteAddress());
            case CLIENT_IP -> IpText.of(ex.clientAddress());
            case URI -> ex.rawUri();
            case QUERY -> String.join(",", QueryParams.values(ex.rawQuery(), name));
            case HEADER -> name.equalsIgnoreCase("Host") ? ex.host() : ex.header(name);
        };
        if (k == null || k.isEmpty()) {
            return fallback.select(pool, ex);
        }
        return Pick.rendezvous(pool, k);
    }
}
