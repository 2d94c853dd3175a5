package dev.heddle.transport;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The transport's {@code resolver}: upstream names are looked up at these DNS servers (one
 * picked at random per lookup, as Caddy does) instead of the system's. The JDK's own DNS
 * client (JNDI's DNS provider) asks for A, then AAAA records; IP literals are not looked up.
 * No caching: lookups happen when connections are opened, and pooled connections are reused.
 */
public final class Resolver {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private final List<String> servers;

    /** @param servers "host:port" of DNS servers (UDP, falling back to TCP for long answers) */
    public Resolver(List<String> servers) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a resolver needs at least one address");
        }
        this.servers = List.copyOf(servers);
    }

    InetAddress[] resolve(String host) throws UnknownHostException {
        if (isLiteral(host)) {
            return new InetAddress[] {InetAddress.getByName(host)};
        }
        String server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
        List<InetAddress> found = new ArrayList<>();
        try {
            InitialDirContext dns = new InitialDirContext(environment(server));
            try {
                collect(dns.getAttributes(host, new String[] {"A"}), "A", host, found);
                collect(dns.getAttributes(host, new String[] {"AAAA"}), "AAAA", host, found);
            } finally {
                dns.close();
            }
        } catch (NamingException e) {
            UnknownHostException u = new UnknownHostException(host + " (resolver " + server + ": " + e.getExplanation() + ")");
            u.initCause(e);
            throw u;
        }
        if (found.isEmpty()) {
            throw new UnknownHostException(host + " (resolver " + server + " has no A or AAAA record)");
        }
        return found.toArray(new InetAddress[0]);
    }

    private static Hashtable<String, String> environment(String server) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", "1000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        return env;
    }

    private static void collect(Attributes attributes, String type, String host, List<InetAddress> out)
            throws NamingException, UnknownHostException {
        Attribute records = attributes.get(type);
        if (records == null) {
            return;
        }
        NamingEnumeration<?> values = records.getAll();
        while (values.hasMore()) {
            String ip = values.next().toString();
            if (isLiteral(ip)) {
                out.add(InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress()));
            }
        }
    }

    /** An IPv4 dotted quad or an IPv6 literal (getByName looks neither up). */
    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    @Override
    public String toString() {
        return "resolver " + servers;
    }
}
