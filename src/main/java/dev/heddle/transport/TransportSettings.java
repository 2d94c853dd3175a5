package dev.heddle.transport;

import java.time.Duration;

/**
 * Settings of the http transport (Caddy defaults in brackets).
 *
 * @param dialTimeout           TCP connect timeout [3s]
 * @param responseHeaderTimeout wait for the response head after the request is written; ZERO = none
 * @param readTimeout           longest wait for each read of the response body; ZERO = none
 * @param idleTimeout           pooled connections older than this are closed [2m]
 * @param maxIdlePerHost        idle connections kept per upstream [32]; 0 = no reuse
 * @param expectContinueTimeout with "Expect: 100-continue", how long to wait for the upstream's
 *                              100 before sending the body; ZERO = send it at once
 * @param maxResponseHeaderSize bytes of response head accepted [10 MiB]
 * @param maxConnsPerHost       connections per upstream, idle or busy; extra requests wait; 0 = no limit
 * @param tls                   TLS to upstreams, or null for plain HTTP
 * @param maxIdle               idle connections kept across all upstreams (keep_alive.max_idle_conns); 0 = no limit
 * @param socket                socket-level options
 */
public record TransportSettings(Duration dialTimeout, Duration responseHeaderTimeout, Duration readTimeout,
                                Duration idleTimeout, int maxIdlePerHost, Duration expectContinueTimeout,
                                int maxResponseHeaderSize, int maxConnsPerHost, TlsSettings tls, int maxIdle,
                                SocketOptions socket, boolean compression) {

    /** Settings with Caddy's default {@code compression} (on). */
    public TransportSettings(Duration dialTimeout, Duration responseHeaderTimeout, Duration readTimeout,
                             Duration idleTimeout, int maxIdlePerHost, Duration expectContinueTimeout,
                             int maxResponseHeaderSize, int maxConnsPerHost, TlsSettings tls, int maxIdle,
                             SocketOptions socket) {
        this(dialTimeout, responseHeaderTimeout, readTimeout, idleTimeout, maxIdlePerHost, expectContinueTimeout,
                maxResponseHeaderSize, maxConnsPerHost, tls, maxIdle, socket, true);
    }

    /** Caddy's defaults. */
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2), 32,
                Duration.ZERO, 10 << 20, 0, null, 0, SocketOptions.DEFAULTS);
    }

    /** The same settings with other header and read timeouts (active health checks use their own timeout). */
    public TransportSettings withTimeouts(Duration header, Duration read) {
        return new TransportSettings(dialTimeout, header, read, idleTimeout, maxIdlePerHost, expectContinueTimeout,
                maxResponseHeaderSize, maxConnsPerHost, tls, maxIdle, socket, compression);
    }
}
