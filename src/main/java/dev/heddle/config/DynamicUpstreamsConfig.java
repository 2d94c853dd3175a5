package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A reverse_proxy's {@code dynamic_upstreams}: where the candidates of each request come from,
 * chosen by {@code "source"} (Caddy's {@code http.reverse_proxy.upstreams} modules).
 */
public sealed interface DynamicUpstreamsConfig {
    /** Caddy's default refresh for both DNS sources. */
    Duration DEFAULT_REFRESH = Duration.ofMinutes(1);
    /** Heddle's own: how long a last good answer is used while lookups fail (0 = as Caddy, not at all). */
    Duration DEFAULT_STALE_LIMIT = Duration.ofMinutes(10);

    /**
     * {@code a}: the A/AAAA records of {@code name}, each dialed at {@code port}.
     *
     * @param resolvers   resolver.addresses as "host:port"; empty = the system's resolver
     * @param dialTimeout the first DNS try's timeout (zero = 1 s)
     */
    record A(String name, String port, Duration refresh, List<String> resolvers, Duration dialTimeout,
             Duration fallbackDelay, boolean ipv4, boolean ipv6, Duration staleLimit) implements DynamicUpstreamsConfig {
    }

    /**
     * {@code srv}: the SRV records of {@code _service._proto.name} (or of {@code name} when both
     * service and proto are empty).
     *
     * @param dialNetwork "", "tcp", "tcp4" or "tcp6": which address families the targets are dialed at
     */
    record Srv(String service, String proto, String name, Duration refresh, Duration gracePeriod, List<String> resolvers,
               Duration dialTimeout, Duration fallbackDelay, String dialNetwork, Duration staleLimit)
            implements DynamicUpstreamsConfig {
        /** The name looked up, before placeholders are replaced. */
        public String lookupName() {
            return service.isEmpty() && proto.isEmpty() ? name : "_" + service + "._" + proto + "." + name;
        }
    }

    /** {@code multi}: every source's upstreams, in order. */
    record Multi(List<DynamicUpstreamsConfig> sources) implements DynamicUpstreamsConfig {
    }

    static DynamicUpstreamsConfig parse(Node n) throws ConfigException {
        n.requireObject();
        Node source = n.field("source");
        String name = source.requiredString();
        DynamicUpstreamsConfig c = switch (name) {
            case "a" -> parseA(n);
            case "srv" -> parseSrv(n);
            case "multi" -> parseMulti(n);
            default -> throw source.error("dynamic upstream source \"" + name + "\" is not supported (\"a\", \"srv\" or \"multi\")");
        };
        n.done();
        return c;
    }

    private static A parseA(Node n) throws ConfigException {
        String name = n.field("name").requiredString();
        Node portNode = n.field("port");
        String port = portNode.string("80");
        if (!port.contains("{") && !validPort(port)) {
            throw portNode.error("\"" + port + "\" is not a port number");
        }
        Node versions = n.field("versions");
        Boolean ipv4 = null;
        Boolean ipv6 = null;
        if (!versions.absent()) {
            versions.requireObject();
            Node v4 = versions.field("ipv4");
            Node v6 = versions.field("ipv6");
            ipv4 = v4.absent() || v4.isNull() ? null : v4.bool(false);
            ipv6 = v6.absent() || v6.isNull() ? null : v6.bool(false);
            versions.done();
        }
        // Caddy's resolveIpVersion: neither set means both; a family is asked when set true.
        boolean neither = ipv4 == null && ipv6 == null;
        boolean four = neither || Boolean.TRUE.equals(ipv4);
        boolean six = neither || Boolean.TRUE.equals(ipv6);
        if (!four && !six) {
            four = six = true;  // both set false: Go falls back to "ip"
        }
        return new A(name, port, refresh(n.field("refresh")), resolvers(n.field("resolver")), nonNegative(n.field("dial_timeout")),
                n.field("dial_fallback_delay").duration(Duration.ZERO), four, six, staleLimit(n.field("stale_limit")));
    }

    private static Srv parseSrv(Node n) throws ConfigException {
        String service = n.field("service").string("");
        String proto = n.field("proto").string("");
        Node nameNode = n.field("name");
        String name = nameNode.string("");
        if (name.isEmpty()) {
            throw nameNode.error("is required (the SRV name, or the domain under _service._proto)");
        }
        Node networkNode = n.field("dial_network");
        String network = networkNode.string("");
        if (!List.of("", "tcp", "tcp4", "tcp6").contains(network)) {
            throw networkNode.error("\"" + network + "\" is not supported (tcp, tcp4 or tcp6)");
        }
        return new Srv(service, proto, name, refresh(n.field("refresh")), nonNegative(n.field("grace_period")),
                resolvers(n.field("resolver")), nonNegative(n.field("dial_timeout")),
                n.field("dial_fallback_delay").duration(Duration.ZERO), network, staleLimit(n.field("stale_limit")));
    }

    private static Multi parseMulti(Node n) throws ConfigException {
        List<DynamicUpstreamsConfig> sources = new ArrayList<>();
        for (Node s : n.field("sources").elements()) {
            sources.add(parse(s));
        }
        return new Multi(List.copyOf(sources));
    }

    private static List<String> resolvers(Node n) throws ConfigException {
        return HttpTransportConfig.resolvers(n);
    }

    private static Duration refresh(Node n) throws ConfigException {
        Duration d = nonNegative(n);
        return d.isZero() ? DEFAULT_REFRESH : d;
    }

    private static Duration staleLimit(Node n) throws ConfigException {
        return n.absent() ? DEFAULT_STALE_LIMIT : nonNegative(n);
    }

    private static Duration nonNegative(Node n) throws ConfigException {
        Duration d = n.duration(Duration.ZERO);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }

    private static boolean validPort(String port) {
        return port.matches("\\d{1,5}") && Integer.parseInt(port) > 0 && Integer.parseInt(port) <= 65535;
    }
}
