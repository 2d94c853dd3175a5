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
 */
public record TransportSettings(Duration dialTimeout, Duration responseHeaderTimeout, Duration readTimeout,
                                Duration idleTimeout,
                                int maxIdlePerHost) {
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(3), Duration.ZERO, Duration.ZERO, Duration.ofMinutes(2), 32);
    }
}
