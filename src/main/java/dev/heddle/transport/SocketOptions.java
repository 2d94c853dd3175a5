package dev.heddle.transport;

import java.net.InetAddress;
import java.time.Duration;

/**
 * How the transport opens and drives its sockets (Caddy's http transport fields).
 *
 * @param localAddress    address to connect from (local_address); null = the system's choice
 * @param probeInterval   TCP keep-alive probe interval (keep_alive.probe_interval) [30s]; ZERO = no probes
 * @param readBufferSize  bytes read from the upstream at a time (read_buffer_size) [4 KiB, as Go]
 * @param writeBufferSize bytes gathered before a write to the upstream (write_buffer_size) [4 KiB, as Go]
 * @param writeTimeout    longest a single write may block (write_timeout); ZERO = none
 * @param proxyProtocol   "v1" or "v2" to send a PROXY header on each new connection; "" = none
 * @param fallbackDelay   with both IPv4 and IPv6 addresses, when to race the other family
 *                        (dial_fallback_delay) [300ms]; negative = one after the other
 * @param resolver        DNS servers for upstream names (resolver); null = the system's
 */
public record SocketOptions(InetAddress localAddress, Duration probeInterval, int readBufferSize, int writeBufferSize,
                            Duration writeTimeout, String proxyProtocol, Duration fallbackDelay, Resolver resolver) {

    public static final SocketOptions DEFAULTS = new SocketOptions(null, Duration.ofSeconds(30), 4 * 1024, 4 * 1024,
            Duration.ZERO, "", Duration.ofMillis(300), null);

    InetAddress[] resolve(String host) throws java.net.UnknownHostException {
        return resolver == null ? InetAddress.getAllByName(host) : resolver.resolve(host);
    }
}
