package dev.heddle.upstream.dynamic;

import dev.heddle.config.DynamicUpstreamsConfig;
import dev.heddle.dns.DnsClient;
import dev.heddle.dns.IpText;
import dev.heddle.dns.SrvRecord;
import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamFactory;
import dev.heddle.upstream.UpstreamSource;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * {@code dynamic_upstreams} source {@code srv}: one upstream per SRV record, in Go's priority
 * and weight order ({@link SrvOrder}). As in Caddy, targets are dialed by name (looked up by the
 * system when connecting), unless a {@code resolver} is configured: then, beyond Caddy, each
 * target's addresses are looked up at that same resolver (a private DNS server's names mean
 * nothing to the system's) and every address becomes an upstream, at the record's place.
 * {@code dial_network} tcp4/tcp6 keeps one address family (targets then resolved here too).
 */
public final class SrvSource implements UpstreamSource {
    private final DynamicUpstreamsConfig.Srv config;
    private final UpstreamFactory factory;
    private final DnsClient dns;
    private final Lookups lookups = new Lookups();

    public SrvSource(DynamicUpstreamsConfig.Srv config, UpstreamFactory factory) {
        this.config = config;
        this.factory = factory;
        this.dns = new DnsClient(config.resolvers(), config.dialTimeout());
    }

    @Override
    public List<Upstream> candidates(UnaryOperator<String> placeholders) throws IOException {
        String name = placeholders.apply(config.lookupName());
        CachedLookup lookup = lookups.get(name, key -> new CachedLookup("dynamic upstreams srv " + key, factory,
                config.refresh(), config.staleLimit(), config.gracePeriod()));
        return lookup.get(() -> dials(name));
    }

    private List<String> dials(String name) throws IOException {
        List<SrvRecord> records = SrvOrder.sort(dns.srv(name), ThreadLocalRandom.current());
        boolean ipv4 = !config.dialNetwork().equals("tcp6");
        boolean ipv6 = !config.dialNetwork().equals("tcp4");
        boolean resolveHere = !dns.system() || !(ipv4 && ipv6);
        List<String> out = new ArrayList<>();
        List<String> unresolved = new ArrayList<>();
        for (SrvRecord r : records) {
            if (!resolveHere) {
                out.add(DnsClient.isLiteral(r.target()) && r.target().contains(":")
                        ? "[" + r.target() + "]:" + r.port() : r.target() + ":" + r.port());
                continue;
            }
            try {
                for (InetAddress a : addresses(r.target(), ipv4, ipv6)) {
                    out.add(IpText.hostPort(a, r.port()));
                }
            } catch (UnknownHostException e) {
                unresolved.add(r.target());
            }
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(name + ": no SRV target resolved " + unresolved);
        }
        if (!unresolved.isEmpty()) {
            System.getLogger("dev.heddle.upstream").log(System.Logger.Level.WARNING,
                    "dynamic upstreams srv " + name + ": targets without addresses left out: " + unresolved);
        }
        return out;
    }

    private List<InetAddress> addresses(String target, boolean ipv4, boolean ipv6) throws UnknownHostException {
        if (!dns.system()) {
            return dns.addresses(target, ipv4, ipv6);
        }
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : InetAddress.getAllByName(target)) {
            if (a instanceof Inet4Address ? ipv4 : ipv6) {
                out.add(a);
            }
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(target);
        }
        return out;
    }

    @Override
    public void close() {
        lookups.close();
    }

    @Override
    public String toString() {
        return "dynamic upstreams srv " + config.lookupName();
    }
}
