package dev.heddle.config;

import java.time.Duration;
import java.util.Map;

/**
 * A whole loaded config: Caddy's top level, of which Heddle runs {@code apps.http}.
 *
 * @param admin       the admin API's settings
 * @param servers     {@code apps.http.servers}, in config order
 * @param gracePeriod {@code apps.http.grace_period}; zero means "wait for in-flight requests
 *                    without limit" (Caddy's meaning, not Helidon's)
 * @param logging     {@code logging.logs}: where access logs go
 * @param metrics     {@code apps.http.metrics} present: per-request HTTP metrics are recorded
 * @param source      the JSON text it was loaded from (for reload comparisons)
 */
public record HeddleConfig(AdminConfig admin, Map<String, ServerConfig> servers, Duration gracePeriod,
                           LoggingConfig logging, boolean metrics, String source) {
}
