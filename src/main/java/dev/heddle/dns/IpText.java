package dev.heddle.dns;

import java.net.Inet6Address;
import java.net.InetAddress;

/** IP addresses as Go prints them: IPv4 dotted, IPv6 compressed (RFC 5952), no zone. */
public final class IpText {
    private IpText() {
    }

    /** "ip:port", IPv6 in brackets, as Go's net.JoinHostPort. */
    public static String hostPort(InetAddress address, int port) {
        String ip = of(address);
        return (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + port;
    }

    /** The last address formatted and its text: a client's requests come one after another. */
    private record Formatted(InetAddress address, String text) {
    }

    private static volatile Formatted last;

    public static String of(InetAddress address) {
        Formatted l = last;
        if (l != null && l.address().equals(address)) {  // equal bytes (an IPv6 zone is not printed)
            return l.text();
        }
        String text = format(address);
        last = new Formatted(address, text);
        return text;
    }

    private static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }
}
