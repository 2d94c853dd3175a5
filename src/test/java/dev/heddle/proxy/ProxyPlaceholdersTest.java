package dev.heddle.proxy;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {http.reverse_proxy.*} placeholders are set as attempts run and read by later routes. */
class ProxyPlaceholdersTest {
    @Test
    void errorRoutesSeeRetriesUpstreamAndDuration() throws Exception {
        String first = "127.0.0.1:" + FreePorts.refused();
        String second = "127.0.0.1:" + FreePorts.refused();
        String json = """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                    "load_balancing": {"selection_policy": {"policy": "first"}, "retries": 1}}]}],
                  "errors": {"routes": [{"handle": [{"handler": "static_response", "status_code": "{http.error.status_code}",
                    "body": "{http.reverse_proxy.retries} {http.reverse_proxy.upstream.address} {http.reverse_proxy.upstream.port} {http.reverse_proxy.duration_ms} {http.reverse_proxy.status_code}"}]}]}
                }}}}}""".formatted(first, second);
        try (Heddle h = Heddle.start(json)) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(502, r.status());
            String[] parts = r.bodyText().split(" ");
            assertEquals("1", parts[0], "one retry");
            assertEquals(second, parts[1], "the upstream of the last attempt");
            assertEquals(second.substring(second.indexOf(':') + 1), parts[2]);
            assertTrue(parts[3].matches("\\d+"), r.bodyText());
            assertEquals("{http.reverse_proxy.status_code}", parts[4], "no response: unknown, kept as written");
        }
    }
}
