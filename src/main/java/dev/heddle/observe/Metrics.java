package dev.heddle.observe;

import dev.heddle.upstream.UpstreamRegistry;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Heddle's metrics, with Caddy's names so existing dashboards work. Upstream gauges are read
 * from the registry at scrape time (nothing on the request path); per-request HTTP metrics are
 * recorded only when the config enables {@code apps.http.metrics}, as in Caddy.
 */
public final class Metrics {
    private static final PrometheusRegistry REGISTRY = new PrometheusRegistry();
    private static final double[] DURATION_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final double[] SIZE_BUCKETS = {256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216};

    static final Counter REQUESTS = Counter.builder().name("caddy_http_requests_total")
            .help("Counter of HTTP(S) requests made.").labelNames("server", "code", "method").register(REGISTRY);
    static final Gauge IN_FLIGHT = Gauge.builder().name("caddy_http_requests_in_flight")
            .help("Number of requests currently handled by this server.").labelNames("server").register(REGISTRY);
    static final Counter ERRORS = Counter.builder().name("caddy_http_request_errors_total")
            .help("Number of requests resulting in middleware errors.").labelNames("server").register(REGISTRY);
    static final Histogram DURATION = Histogram.builder().name("caddy_http_request_duration_seconds")
            .help("Histogram of round-trip request durations.").labelNames("server", "code", "method")
            .classicUpperBounds(DURATION_BUCKETS).register(REGISTRY);
    static final Histogram SIZE = Histogram.builder().name("caddy_http_response_size_bytes")
            .help("Size of the returned response.").labelNames("server", "code", "method")
            .classicUpperBounds(SIZE_BUCKETS).register(REGISTRY);

    static {
        GaugeWithCallback.builder().name("caddy_reverse_proxy_upstreams_healthy")
                .help("Health status of reverse proxy upstreams (1 healthy, 0 not).").labelNames("upstream")
                .callback(cb -> UpstreamRegistry.global().snapshot().forEach(s -> cb.call(s.healthy() ? 1 : 0, s.address())))
                .register(REGISTRY);
        GaugeWithCallback.builder().name("heddle_reverse_proxy_upstream_requests_in_flight")
                .help("Requests in flight to each upstream.").labelNames("upstream")
                .callback(cb -> UpstreamRegistry.global().snapshot().forEach(s -> cb.call(s.numRequests(), s.address())))
                .register(REGISTRY);
        GaugeWithCallback.builder().name("heddle_reverse_proxy_upstream_fails")
                .help("Passive failures each upstream has within its fail_duration.").labelNames("upstream")
                .callback(cb -> UpstreamRegistry.global().snapshot().forEach(s -> cb.call(s.fails(), s.address())))
                .register(REGISTRY);
    }

    private Metrics() {
    }

    /** A request began on {@code server}. */
    public static void started(String server) {
        IN_FLIGHT.labelValues(server).inc();
    }

    /** A request ended; {@code error} when a handler failed. */
    public static void finished(String server, String method, int status, long nanos, long size, boolean error) {
        IN_FLIGHT.labelValues(server).dec();
        String code = Integer.toString(status);
        REQUESTS.labelValues(server, code, method).inc();
        DURATION.labelValues(server, code, method).observe(nanos / 1e9);
        SIZE.labelValues(server, code, method).observe(size);
        if (error) {
            ERRORS.labelValues(server).inc();
        }
    }

    /** The Prometheus text exposition of everything recorded. */
    public static void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, REGISTRY.scrape());
    }
}
