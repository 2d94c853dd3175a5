package dev.heddle.config;

import java.time.Duration;
import java.util.Set;

/**
 * The part of Caddy's {@code http} transport implemented so far (Caddy defaults).
 *
 * @param dialTimeout           [3s]
 * @param responseHeaderTimeout [none = ZERO]
 * @param readTimeout           per read of the response body [none = ZERO]
 * @param idleTimeout           keep_alive.idle_timeout [2m]
 * @param maxIdlePerHost        keep_alive.max_idle_conns_per_host [32]
 * @param sockets               local_address, probe_interval, buffer sizes, write_timeout
 */
public record HttpTransportConfig(Duration dialTimeout, Duration responseHeaderTimeout, Duration readTimeout,
                                  Duration idleTimeout, int maxIdlePerHost, Duration expectContinueTimeout,
                                  int maxResponseHeaderSize, int maxConnsPerHost, TlsConfig tls, int maxIdle,
                                  Sockets sockets, boolean compression) implements TransportConfig {

    /**
     * Socket-level fields.
     *
     * @param localAddress  an IP literal, or null
     * @param probeInterval keep_alive.probe_interval [30s]; ZERO = no TCP keep-alive probes
     * @param readBuffer    read_buffer_size [4 KiB, as Go]
     * @param writeBuffer   write_buffer_size [4 KiB, as Go]
     * @param writeTimeout  write_timeout [none = ZERO]
     * @param proxyProtocol proxy_protocol: "v1", "v2" or "" (none)
     * @param fallbackDelay dial_fallback_delay [300ms]; negative = no racing
     * @param resolvers     resolver.addresses as "host:port"; empty = the system's resolver
     */
    public record Sockets(java.net.InetAddress localAddress, Duration probeInterval, int readBuffer, int writeBuffer,
                          Duration writeTimeout, String proxyProtocol, Duration fallbackDelay, java.util.List<String> resolvers) {
        static final Sockets DEFAULTS = new Sockets(null, Duration.ofSeconds(30), 4 * 1024, 4 * 1024, Duration.ZERO, "",
                Duration.ofMillis(300), java.util.List.of());
    }

    public static final HttpTransportConfig DEFAULTS = new HttpTransportConfig(Duration.ofSeconds(3), Duration.ZERO,
            Duration.ZERO, Duration.ofMinutes(2), 32, Duration.ZERO, 10 << 20, 0, null, 0, Sockets.DEFAULTS, true);

    private static final Set<String> NOT_YET = Set.of(
            "forward_proxy_url", "network_proxy");

    /** The fields of a transport object whose protocol is "http". */
    static HttpTransportConfig parse(Node n) throws ConfigException {
        // "protocol" was read by TransportConfig.parse
        Duration dial = positive(n.field("dial_timeout"), DEFAULTS.dialTimeout());
        Duration header = positive(n.field("response_header_timeout"), Duration.ZERO);
        Duration read = positive(n.field("read_timeout"), Duration.ZERO);
        Duration expect = positive(n.field("expect_continue_timeout"), Duration.ZERO);
        int maxHead = n.field("max_response_header_size").intValue(DEFAULTS.maxResponseHeaderSize(), 1024, 1 << 30);
        int maxConns = n.field("max_conns_per_host").intValue(0, 0, 1_000_000);
        versions(n.field("versions"));
        // Caddy's default is on: Go's transport asks for gzip when the client did not, and decodes it.
        boolean compression = n.field("compression").bool(true);
        Duration idle = DEFAULTS.idleTimeout();
        int maxIdle = DEFAULTS.maxIdlePerHost();
        int maxIdleAll = 0;
        Duration probe = Sockets.DEFAULTS.probeInterval();
        Node keepAlive = n.field("keep_alive");
        if (!keepAlive.absent()) {
            keepAlive.requireObject();
            boolean enabled = keepAlive.field("enabled").bool(true);
            idle = positive(keepAlive.field("idle_timeout"), idle);
            maxIdle = keepAlive.field("max_idle_conns_per_host").intValue(maxIdle, 0, 100_000);
            maxIdleAll = keepAlive.field("max_idle_conns").intValue(0, 0, 10_000_000);
            Node probeNode = keepAlive.field("probe_interval");
            probe = probeNode.duration(probe);
            if (probe.isNegative()) {
                probe = Duration.ZERO;  // Caddy: a negative interval turns the probes off
            }
            if (!enabled) {
                maxIdle = 0;
            }
            keepAlive.done();
        }
        TlsConfig tls = TlsConfig.parse(n.field("tls"));
        Sockets sockets = new Sockets(localAddress(n.field("local_address")), probe,
                n.field("read_buffer_size").intValue(Sockets.DEFAULTS.readBuffer(), 512, 16 << 20),
                n.field("write_buffer_size").intValue(Sockets.DEFAULTS.writeBuffer(), 512, 16 << 20),
                positive(n.field("write_timeout"), Duration.ZERO), proxyProtocol(n.field("proxy_protocol")),
                fallbackDelay(n.field("dial_fallback_delay")), resolvers(n.field("resolver")));
        n.done(NOT_YET);
        return new HttpTransportConfig(dial, header, read, idle, maxIdle, expect, maxHead, maxConns, tls, maxIdleAll,
                sockets, compression);
    }

    /** resolver.addresses: Caddy network addresses ("udp/IP:53", "IP:53", "IP"), port 53 by default. */
    static java.util.List<String> resolvers(Node n) throws ConfigException {
        if (n.absent()) {
            return java.util.List.of();
        }
        n.requireObject();
        Node list = n.field("addresses");
        java.util.List<String> out = new java.util.ArrayList<>();
        int i = 0;
        for (Node a : list.elements()) {
            String text = a.string();
            try {
                DialAddress address = DialAddress.parse(withDnsPort(text));
                if (address.unixPath() != null) {
                    throw new IllegalArgumentException("a DNS server is not a unix socket");
                }
                out.add(address.toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(list.path() + "[" + i + "]", "\"" + text + "\" is not a DNS server address"
                        + " (IP, IP:port or udp/IP:port)");
            }
            i++;
        }
        if (out.isEmpty()) {
            throw list.error("needs at least one DNS server address");
        }
        n.done();
        return java.util.List.copyOf(out);
    }

    /** "udp/" or "tcp/" dropped, and port 53 added when none is given ("::1" -> "[::1]:53"). */
    private static String withDnsPort(String text) {
        String s = text.startsWith("udp/") || text.startsWith("tcp/") ? text.substring(4) : text;
        if (s.startsWith("[")) {
            return s.contains("]:") ? s : s + ":53";
        }
        int colons = s.length() - s.replace(":", "").length();
        return colons == 1 ? s : (colons > 1 ? "[" + s + "]" : s) + ":53";
    }

    /** Caddy's default 300ms when absent or zero; negative turns the race off. */
    private static Duration fallbackDelay(Node n) throws ConfigException {
        Duration d = n.duration(Duration.ZERO);
        return d.isZero() ? Sockets.DEFAULTS.fallbackDelay() : d;
    }

    private static String proxyProtocol(Node n) throws ConfigException {
        if (n.absent()) {
            return "";
        }
        String v = n.string();
        if (!v.equals("v1") && !v.equals("v2")) {
            throw n.error("\"" + v + "\" is not a PROXY protocol version (\"v1\" or \"v2\")");
        }
        return v;
    }

    /**
     * local_address: an IP to connect from, optionally as Caddy's network address ("tcp/IP",
     * "IP:0"); never a name (it would be resolved once, at load, and silently go stale).
     */
    private static java.net.InetAddress localAddress(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        String text = n.string();
        String s = text.startsWith("tcp/") || text.startsWith("tcp4/") || text.startsWith("tcp6/")
                ? text.substring(text.indexOf('/') + 1) : text;
        if (s.startsWith("[") && s.contains("]")) {
            String port = s.substring(s.indexOf(']') + 1);
            if (!port.isEmpty() && !port.equals(":0")) {
                throw n.error("a local address takes no port (or port 0): \"" + text + "\"");
            }
            s = s.substring(1, s.indexOf(']'));
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            if (!s.endsWith(":0")) {
                throw n.error("a local address takes no port (or port 0): \"" + text + "\"");
            }
            s = s.substring(0, s.indexOf(':'));
        }
        if (!s.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw n.error("\"" + text + "\" is not an IP address (local_address takes an IP literal)");
        }
        try {
            return java.net.InetAddress.getByName(s);  // a literal: no lookup
        } catch (java.net.UnknownHostException e) {
            throw n.error("\"" + text + "\" is not an IP address");
        }
    }

    /** HTTP/1.1 is what Heddle speaks upstream; "2" may be listed beside it, "h2c" and "3" are refused. */
    private static void versions(Node n) throws ConfigException {
        if (n.absent()) {
            return;
        }
        java.util.List<String> versions = n.strings();
        for (int i = 0; i < versions.size(); i++) {
            String v = versions.get(i);
            switch (v) {
                case "1.1", "2" -> { }
                case "h2c" -> throw new ConfigException(n.path() + "[" + i + "]", "\"h2c\" upstreams are not supported yet");
                case "3" -> throw new ConfigException(n.path() + "[" + i + "]", "HTTP/3 upstreams are not supported");
                default -> throw new ConfigException(n.path() + "[" + i + "]", "\"" + v + "\" is not an HTTP version (1.1, 2, h2c, 3)");
            }
        }
        if (!versions.contains("1.1")) {
            throw n.error("must include \"1.1\": Heddle talks HTTP/1.1 to upstreams (HTTP/2 upstreams are not supported yet)");
        }
    }

    static Duration positive(Node n, Duration fallback) throws ConfigException {
        Duration d = n.duration(fallback);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
