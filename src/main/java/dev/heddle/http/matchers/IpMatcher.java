package dev.heddle.http.matchers;

import dev.heddle.config.Cidr;
import dev.heddle.http.Exchange;

import java.util.List;

/** Caddy's {@code remote_ip} (the direct peer) and {@code client_ip} (after trusted proxies). */
final class IpMatcher implements RequestMatcher {
    private final List<Cidr> ranges;
    private final boolean client;

    IpMatcher(List<Cidr> ranges, boolean client) {
        this.ranges = ranges;
        this.client = client;
    }

    @Override
    public boolean matches(Exchange ex) {
        return Cidr.anyContains(ranges, client ? ex.clientAddress() : ex.remoteAddress());
    }
}
