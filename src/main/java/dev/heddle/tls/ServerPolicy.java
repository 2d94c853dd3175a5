package dev.heddle.tls;

import dev.heddle.config.Cidr;
import dev.heddle.config.ConnectionPolicyConfig;

import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.util.List;

/**
 * A connection policy at handshake time: whether it applies to a ClientHello, and its choices.
 *
 * @param clientVerifier the trusted client CAs when the policy verifies client certificates; null otherwise
 */
record ServerPolicy(ConnectionPolicyConfig config, HandshakeParameters parameters, X509TrustManager clientVerifier) {
    /** Caddy's rule: the first policy whose matchers fit; null when none does (the handshake fails). */
    static ServerPolicy first(List<ServerPolicy> policies, String sni, InetAddress remote) {
        for (ServerPolicy p : policies) {
            if (p.matches(sni, remote)) {
                return p;
            }
        }
        return null;
    }

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
