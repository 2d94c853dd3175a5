package dev.heddle.server;

import dev.heddle.config.Cidr;
import dev.heddle.http.HeaderList;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address behind a trusted proxy, as Caddy's server works it out
 * (caddyhttp/server.go, trustedRealClientIP): the first address in the client IP headers,
 * or with trusted_proxies_strict the right-most one that is not itself a trusted proxy.
 */
final class ClientIpResolver {
    private final List<Cidr> trusted;
    private final List<String> headers;
    private final boolean strict;

    ClientIpResolver(List<Cidr> trusted, List<String> headers, boolean strict) {
        this.trusted = trusted;
        this.headers = headers;
        this.strict = strict;
    }

    /** Called only when the peer is trusted; falls back to the peer. */
    InetAddress resolve(InetAddress peer, HeaderList requestHeaders) {
        for (String name : headers) {
            List<String> parts = new ArrayList<>();
            for (String line : requestHeaders.values(name)) {
                for (String p : line.split(",")) {
                    if (!p.isBlank()) {
                        parts.add(p.trim());
                    }
                }
            }
            InetAddress found = strict ? rightmostUntrusted(parts) : leftmost(parts);
            if (found != null) {
                return found;
            }
        }
        return peer;
    }

    private static InetAddress leftmost(List<String> parts) {
        for (String p : parts) {
            InetAddress a = IpLiteral.parse(p);
            if (a != null) {
                return a;
            }
        }
        return null;
    }

    private InetAddress rightmostUntrusted(List<String> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            InetAddress a = IpLiteral.parse(parts.get(i));
            if (a == null) {
                return null;
            }
            if (!Cidr.anyContains(trusted, a)) {
                return a;
            }
        }
        return null;
    }
}
