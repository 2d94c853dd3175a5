package dev.heddle.observe;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics on the admin API, scraped and parsed as Prometheus text. */
class MetricsTest {
    /** Parses exposition lines "name{labels} value" into a map (comments skipped). */
    private static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return out;
    }

    private static Map<String, Double> scrape(Heddle h) throws Exception {
        RawClient.Response scrape = RawClient.exchange(h.adminPort(),
                "GET /metrics HTTP/1.1\r\nHost: localhost:" + h.adminPort() + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, scrape.status());
        assertTrue(scrape.header("Content-Type").startsWith("text/plain"));
        return parse(scrape.bodyText());
    }

    @Test
    void requestAndUpstreamMetricsAreExposed() throws Exception {
        try (RawUpstream up = RawUpstream.ok("x");
             Heddle h = Heddle.start("""
                     {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"metrics": {}, "servers": {"metricsrv": {
                       "listen": ["127.0.0.1:0"],
                       "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                     .formatted(up.dial()))) {
            for (int i = 0; i < 3; i++) {
                RawClient.exchange(h.port("metricsrv"), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            }
            // Duration and size are recorded once the response is on the wire, which can trail the client's read.
            Map<String, Double> m = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> scrape(h), got -> Double.valueOf(3.0).equals(
                            got.get("caddy_http_request_duration_seconds_count{code=\"200\",method=\"GET\",server=\"metricsrv\"}"))
                            && Double.valueOf(0.0).equals(got.get("caddy_http_requests_in_flight{server=\"metricsrv\"}")));
            assertEquals(3.0, m.get("caddy_http_requests_total{code=\"200\",method=\"GET\",server=\"metricsrv\"}"));
            assertEquals(3.0, m.get("caddy_http_response_size_bytes_bucket{code=\"200\",method=\"GET\",server=\"metricsrv\",le=\"256.0\"}"));
            assertEquals(1.0, m.get("caddy_reverse_proxy_upstreams_healthy{upstream=\"" + up.dial() + "\"}"));
            assertEquals(0.0, m.get("heddle_reverse_proxy_upstream_fails{upstream=\"" + up.dial() + "\"}"));
        }
    }
}
