package dev.heddle.server;

import dev.heddle.config.Cidr;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses an IP literal from a header (never a DNS lookup); null when it is not one. */
final class IpLiteral {
    private IpLiteral() {
    }

    static InetAddress parse(String text) {
        String s = text.trim();
        if (s.startsWith("[") && s.contains("]")) {
            s = s.substring(1, s.indexOf(']'));
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));  // "1.2.3.4:port"
        }
        try {
            Cidr c = Cidr.parse(s);
            return InetAddress.getByAddress(c.network());
        } catch (IllegalArgumentException | UnknownHostException e) {
            return null;
        }
    }
}
