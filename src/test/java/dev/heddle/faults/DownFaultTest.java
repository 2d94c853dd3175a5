package dev.heddle.faults;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One of three upstreams down under 100 concurrent clients: retries and passive health leave zero errors. */
class DownFaultTest {
    @Test
    void oneUpstreamDownIsInvisibleToClients() throws Exception {
        try (Faults a = new Faults(RawUpstream.ok("a")); Faults b = new Faults(RawUpstream.ok("b"));
             Faults c = new Faults(RawUpstream.ok("c"))) {
            b.proxy.disable();
            try (Heddle h = Heddle.start("""
                    {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                      "routes": [{"handle": [{"handler": "reverse_proxy",
                        "upstreams": [{"dial": "%s"}, {"dial": "%s"}, {"dial": "%s"}],
                        "load_balancing": {"selection_policy": {"policy": "round_robin"}, "retries": 2},
                        "health_checks": {"passive": {"fail_duration": "30s", "max_fails": 1}}}]}]}}}}}"""
                    .formatted(a.dial(), b.dial(), c.dial()))) {
                List<Future<Integer>> results = new ArrayList<>();
                // Raw sockets, one request each: a client that retried (as the JDK's does on a refused
                // connect or a dropped kept-alive connection) would hide a failure from this count.
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 100; i++) {
                        results.add(pool.submit(() -> RawClient.exchange(h.port(),
                                "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status()));
                    }
                    for (Future<Integer> r : results) {
                        assertEquals(200, r.get());
                    }
                }
                String view = RawClient.exchange(h.adminPort(), "GET /reverse_proxy/upstreams HTTP/1.1\r\nHost: localhost:"
                        + h.adminPort() + "\r\nConnection: close\r\n\r\n").bodyText();
                // Concurrent requests may each count a failure before the upstream is marked down.
                for (var entry : new com.fasterxml.jackson.databind.ObjectMapper().readTree(view)) {
                    boolean down = entry.get("address").asText().equals(b.dial());
                    assertEquals(!down, entry.get("healthy").asBoolean(), view);
                    assertTrue(down ? entry.get("fails").asInt() >= 1 : entry.get("fails").asInt() == 0, view);
                }
            }
            b.proxy.enable();
            c.assertNoLeak();  // c was created last: its baseline includes all three upstreams
        }
    }
}
