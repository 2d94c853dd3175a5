package dev.heddle.upstream.dynamic;

import dev.heddle.config.DynamicUpstreamsConfig;
import dev.heddle.dns.DnsClient;
import dev.heddle.dns.IpText;
import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamFactory;
import dev.heddle.upstream.UpstreamSource;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * {@code dynamic_upstreams} source {@code a}: every A (and/or AAAA) address of {@code name},
 * dialed at {@code port}. Without a configured resolver the JDK's system resolver answers
 * (/etc/hosts, then DNS, subject to the JVM's own address cache, 30 s by default); with one,
 * the configured DNS servers are asked directly, uncached.
 */
public final class ASource implements UpstreamSource {
    private final DynamicUpstreamsConfig.A config;
    private final UpstreamFactory factory;
    private final DnsClient dns;
    private final Lookups lookups = new Lookups();

    public ASource(DynamicUpstreamsConfig.A config, UpstreamFactory factory) {
        this.config = config;
        this.factory = factory;
        this.dns = new DnsClient(config.resolvers(), config.dialTimeout());
    }

    @Override
    public List<Upstream> candidates(UnaryOperator<String> placeholders) throws IOException {
        String name = placeholders.apply(config.name());
        String port = placeholders.apply(config.port());
        CachedLookup lookup = lookups.get(name + ":" + port, key -> new CachedLookup("dynamic upstreams a " + key, factory,
                config.refresh(), config.staleLimit(), java.time.Duration.ZERO));
        return lookup.get(() -> dials(name, port));
    }

    private List<String> dials(String name, String port) throws IOException {
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
            throw new IOException("port \"" + port + "\" is not a port number");
        }
        if (name.isEmpty()) {
            throw new UnknownHostException("the name to look up is empty");
        }
        List<String> out = new ArrayList<>();
        for (InetAddress address : addresses(name)) {
            out.add(IpText.hostPort(address, Integer.parseInt(port)));
        }
        return out;
    }

    private List<InetAddress> addresses(String name) throws UnknownHostException {
        if (!dns.system()) {
            return dns.addresses(name, config.ipv4(), config.ipv6());
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(name)) {
            if (a instanceof Inet4Address ? config.ipv4() : config.ipv6()) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(name + " (the system's resolver has no " + (config.ipv4() ? "A" : "AAAA") + " record)");
        }
        // Go's LookupIP lists IPv4 first; the JDK's order depends on java.net.preferIPv6Addresses.
        out.sort((x, y) -> Boolean.compare(!(x instanceof Inet4Address), !(y instanceof Inet4Address)));
        return out;
    }

    /** Names currently cached (tests). */
    int cachedNames() {
        return lookups.size();
    }

    @Override
    public void close() {
        lookups.close();
    }

    @Override
    public String toString() {
        return "dynamic upstreams a " + config.name() + ":" + config.port();
    }
}
