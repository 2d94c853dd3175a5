package dev.heddle.transport;

import dev.heddle.config.DialAddress;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Set;

/**
 * TLS to upstreams (Caddy's transport {@code tls}).
 *
 * @param context          trust and client certificate, built once per config load
 * @param serverName       SNI and the name verified; "" = the dial host
 * @param insecure         skip certificate verification (insecure_skip_verify)
 * @param handshakeTimeout ZERO = the dial timeout
 * @param exceptPorts      upstream ports spoken to in plain HTTP
 */
public record TlsSettings(SSLContext context, String serverName, boolean insecure, Duration handshakeTimeout,
                          Set<Integer> exceptPorts) {

    public boolean appliesTo(int port) {
        return !exceptPorts.contains(port);
    }

    /** Whether TLS is spoken to this upstream: never over a unix socket, else by its port. */
    public boolean appliesTo(DialAddress address) {
        return address.unixPath() == null && appliesTo(address.port());
    }
}
