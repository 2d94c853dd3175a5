package dev.heddle.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IP range ("10.0.0.0/8", "::1/128") or a single address ("192.168.1.7"), as Caddy's
 * remote_ip matcher and trusted_proxies accept them. IPv4-mapped IPv6 peers match IPv4 ranges.
 */
public record Cidr(byte[] network, int prefixBits, String text) {

    /** Parses one range; the message of the exception says what is wrong. */
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = literal(addr, text);
        int bits = bytes.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("\"" + text + "\" has a bad prefix length");
            }
            if (bits < 0 || bits > bytes.length * 8) {
                throw new IllegalArgumentException("\"" + text + "\" has a prefix length out of range");
            }
        }
        return new Cidr(mask(bytes, bits), bits, text);
    }

    /** Parses every entry of a config list, naming the index of a bad one. */
    public static List<Cidr> parseAll(Node list) throws ConfigException {
        List<Cidr> out = new ArrayList<>();
        for (Node n : list.elements()) {
            String s = n.string();
            if (s.equals("private_ranges")) {
                for (String r : PRIVATE_RANGES) {
                    out.add(parse(r));
                }
                continue;
            }
            try {
                out.add(parse(s));
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Caddy's "private_ranges" shorthand. */
    public static final List<String> PRIVATE_RANGES = List.of(
            "192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8", "127.0.0.1/8", "fd00::/8", "::1");

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xFF << (8 - rest)) & 0xFF;
        return (a[full] & m) == (network[full] & m);
    }

    public static boolean anyContains(List<Cidr> ranges, InetAddress address) {
        for (Cidr c : ranges) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** An IP literal only: never a DNS lookup. */
    static byte[] literal(String addr, String text) {
        String a = addr;
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        boolean v6 = a.indexOf(':') >= 0;
        boolean v4 = !v6 && a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        if (!v4 && !(v6 && a.matches("[0-9A-Fa-f:.]+"))) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
        }
        try {
            InetAddress ia = InetAddress.getByName(a);
            if (v4 && !(ia instanceof Inet4Address) || v6 && !(ia instanceof Inet6Address) && !(ia instanceof Inet4Address)) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
            }
            return ia.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address or CIDR range");
        }
    }

    private static byte[] mask(byte[] bytes, int bits) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & ((0xFF << (8 - keep)) & 0xFF));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefixBits == prefixBits && java.util.Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }
}
