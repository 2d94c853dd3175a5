package dev.heddle.dns;

import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Asks DNS servers for A, AAAA and SRV records through the JDK's own DNS client (JNDI's DNS
 * provider: UDP with a TCP fallback for truncated answers, retries with a doubling timeout).
 * With servers configured, each lookup goes to one picked at random (as Caddy's resolver
 * does); without, to the system's name servers (/etc/resolv.conf). Nothing is cached here:
 * callers decide how long an answer lives.
 *
 * <p>Why not dnsjava: the JDK's client is as well kept, is already what the transport's
 * {@code resolver} used, and needs no new dependency (dnsjava would add slf4j).
 */
public final class DnsClient {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private final List<String> servers;
    private final Duration timeout;

    /**
     * @param servers "host:port" (or "[v6]:port") of DNS servers; empty = the system's
     * @param timeout the first try's timeout (each of 2 retries doubles it); null or zero = 1 s
     */
    public DnsClient(List<String> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout == null || timeout.isZero() || timeout.isNegative() ? DEFAULT_TIMEOUT : timeout;
    }

    public boolean system() {
        return servers.isEmpty();
    }

    /**
     * The addresses of {@code name}: A records first, then AAAA, as asked. An IP literal is its
     * own answer. Nothing found is an {@link UnknownHostException}, as Go's LookupIP.
     */
    public List<InetAddress> addresses(String name, boolean ipv4, boolean ipv6) throws UnknownHostException {
        if (isLiteral(name)) {
            InetAddress literal = InetAddress.getByName(name);
            return List.of(literal);
        }
        List<InetAddress> found = new ArrayList<>();
        String server = pick();
        try {
            InitialDirContext dns = new InitialDirContext(environment(server));
            try {
                List<String> a = ipv4 ? values(dns, name, "A") : List.of();
                // NXDOMAIN (null) means the name does not exist at all: no AAAA question after it.
                List<String> aaaa = ipv6 && a != null ? values(dns, name, "AAAA") : List.of();
                for (String ip : a == null ? List.<String>of() : a) {
                    add(found, name, ip);
                }
                for (String ip : aaaa == null ? List.<String>of() : aaaa) {
                    add(found, name, ip);
                }
            } finally {
                dns.close();
            }
        } catch (NamingException e) {
            throw unknown(name, server, e);
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(name + " (" + where(server) + " has no " + (ipv4 && ipv6 ? "A or AAAA" : ipv4 ? "A" : "AAAA")
                    + " record)");
        }
        return List.copyOf(found);
    }

    /** The SRV records of {@code name} (e.g. "_http._tcp.example.com"), in the server's order. */
    public List<SrvRecord> srv(String name) throws UnknownHostException {
        String server = pick();
        List<SrvRecord> out = new ArrayList<>();
        try {
            InitialDirContext dns = new InitialDirContext(environment(server));
            try {
                List<String> values = values(dns, name, "SRV");
                for (String value : values == null ? List.<String>of() : values) {
                    out.add(parseSrv(name, value));
                }
            } finally {
                dns.close();
            }
        } catch (NamingException e) {
            throw unknown(name, server, e);
        }
        if (out.isEmpty()) {
            throw new UnknownHostException(name + " (" + where(server) + " has no SRV record)");
        }
        return List.copyOf(out);
    }

    /** "priority weight port target." as JNDI renders an SRV record. */
    static SrvRecord parseSrv(String name, String value) throws UnknownHostException {
        String[] parts = value.trim().split("\\s+");
        try {
            if (parts.length == 4) {
                String target = parts[3].endsWith(".") ? parts[3].substring(0, parts[3].length() - 1) : parts[3];
                SrvRecord r = new SrvRecord(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), target);
                if (r.priority() >= 0 && r.priority() <= 65535 && r.weight() >= 0 && r.weight() <= 65535
                        && r.port() > 0 && r.port() <= 65535 && !target.isEmpty()) {
                    return r;
                }
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new UnknownHostException(name + ": malformed SRV record \"" + value + "\"");
    }

    /** The records of one type; null when the name does not exist (NXDOMAIN). */
    private static List<String> values(InitialDirContext dns, String name, String type) throws NamingException {
        Attributes attributes;
        try {
            attributes = dns.getAttributes(name, new String[] {type});
        } catch (NameNotFoundException e) {
            return null;
        }
        Attribute records = attributes.get(type);
        if (records == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        NamingEnumeration<?> all = records.getAll();
        while (all.hasMore()) {
            out.add(all.next().toString());
        }
        return out;
    }

    private static void add(List<InetAddress> found, String name, String ip) throws UnknownHostException {
        if (isLiteral(ip)) {
            found.add(InetAddress.getByAddress(name, InetAddress.getByName(ip).getAddress()));
        }
    }

    private String pick() {
        return servers.isEmpty() ? "" : servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
    }

    private Hashtable<String, String> environment(String server) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", server.isEmpty() ? "dns:" : "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        return env;
    }

    private static String where(String server) {
        return server.isEmpty() ? "the system's DNS" : "resolver " + server;
    }

    private static UnknownHostException unknown(String name, String server, NamingException e) {
        UnknownHostException u = new UnknownHostException(name + " (" + where(server) + ": " + e.getExplanation() + ")");
        u.initCause(e);
        return u;
    }

    /** An IPv4 dotted quad or an IPv6 literal (getByName looks neither up). */
    public static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    @Override
    public String toString() {
        return servers.isEmpty() ? "the system's DNS" : "resolver " + servers;
    }
}
