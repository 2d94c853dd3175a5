package dev.heddle.proxy;

import dev.heddle.config.DialAddress;
import dev.heddle.http.PlaceholderSource;
import dev.heddle.http.StatusText;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.upstream.Upstream;

/**
 * Caddy's {@code {http.reverse_proxy.*}} placeholders for one request, updated as attempts
 * run: the upstream of the current attempt, retries so far, durations, and once a response
 * arrived its status and headers.
 */
final class ProxyPlaceholders implements PlaceholderSource {
    private final long start = System.nanoTime();
    private Upstream upstream;
    private long attemptStart;
    private long latency = -1;
    private int retries;
    private UpstreamResponse response;

    void attempt(Upstream u, int retriesDone) {
        upstream = u;
        retries = retriesDone;
        attemptStart = System.nanoTime();
        latency = -1;
        response = null;
    }

    void responded(UpstreamResponse r) {
        response = r;
        latency = System.nanoTime() - attemptStart;
    }

    @Override
    public String placeholder(String key) {
        if (key.startsWith("header.")) {
            return response == null ? null : joined(key.substring(7));
        }
        if (key.startsWith("upstream.")) {
            return upstream == null ? null : upstream(key.substring(9));
        }
        return switch (key) {
            case "retries" -> Integer.toString(retries);
            case "duration" -> seconds(System.nanoTime() - start);
            case "duration_ms" -> millis(System.nanoTime() - start);
            case "status_code" -> response == null ? null : Integer.toString(response.status());
            case "status_text" -> response == null ? null : StatusText.of(response.status());
            default -> null;
        };
    }

    private String upstream(String key) {
        DialAddress a = DialAddress.parse(upstream.dial());
        return switch (key) {
            case "address", "hostport" -> upstream.dial();
            case "host" -> a.host();
            case "port" -> Integer.toString(a.port());
            case "requests" -> Integer.toString(upstream.inFlight());
            case "max_requests" -> Integer.toString(upstream.maxRequests());
            case "fails" -> Integer.toString(upstream.failures());
            case "latency" -> latency < 0 ? null : seconds(latency);
            case "latency_ms" -> latency < 0 ? null : millis(latency);
            case "duration" -> seconds(System.nanoTime() - attemptStart);
            case "duration_ms" -> millis(System.nanoTime() - attemptStart);
            default -> null;
        };
    }

    private String joined(String field) {
        StringBuilder sb = new StringBuilder();
        response.headers().stream().filter(h -> h.name().equalsIgnoreCase(field)).forEach(h -> {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(h.value());
        });
        return sb.toString();
    }

    /** Go's time.Duration String() form, e.g. "1.5ms", "2.003s". */
    private static String seconds(long nanos) {
        return java.time.Duration.ofNanos(nanos).toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String millis(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }
}
