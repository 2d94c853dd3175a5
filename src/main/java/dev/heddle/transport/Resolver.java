package dev.heddle.transport;

import dev.heddle.dns.DnsClient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The transport's {@code resolver}: upstream names are looked up at these DNS servers (one
 * picked at random per lookup, as Caddy does) instead of the system's, A then AAAA records; IP
 * literals are not looked up. No caching: lookups happen when connections are opened, and
 * pooled connections are reused.
 */
public final class Resolver {
    private final DnsClient dns;
    private final List<String> servers;

    /** @param servers "host:port" of DNS servers (UDP, falling back to TCP for long answers) */
    public Resolver(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a resolver needs at least one address");
        }
        this.servers = List.copyOf(servers);
        this.dns = new DnsClient(servers, null);
    }

    InetAddress[] resolve(String host) throws UnknownHostException {
        return dns.addresses(host, true, true).toArray(new InetAddress[0]);
    }

    @Override
    public String toString() {
        return "resolver " + servers;
    }
}
