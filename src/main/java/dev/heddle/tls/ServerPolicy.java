package dev.heddle.tls;

import dev.heddle.config.Cidr;
import dev.heddle.config.ConnectionPolicyConfig;

import java.net.InetAddress;

/** A connection policy at handshake time: whether it applies to a ClientHello, and its choices. */
record ServerPolicy(ConnectionPolicyConfig config) {
    /** Caddy's handshake matchers: every one given must match (sni against the requested name, remote_ip). */
    boolean matches(String sni, InetAddress remote) {
        if (!config.sni().isEmpty() && (sni == null || config.sni().stream().noneMatch(p -> SniNames.matches(sni, p)))) {
            return false;
        }
        if (!config.remoteRanges().isEmpty() && (remote == null || !Cidr.anyContains(config.remoteRanges(), remote))) {
            return false;
        }
        return config.remoteNotRanges().isEmpty() || remote == null || !Cidr.anyContains(config.remoteNotRanges(), remote);
    }
}
