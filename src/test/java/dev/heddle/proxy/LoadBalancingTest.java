package dev.heddle.proxy;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every selection policy over three real upstreams that answer with their own name. */
class LoadBalancingTest {
    private final List<RawUpstream> upstreams = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        for (String name : List.of("a", "b", "c")) {
            upstreams.add(RawUpstream.ok(name));
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (RawUpstream u : upstreams) {
            u.close();
        }
    }

    private Heddle proxy(String loadBalancing, String... extraDials) throws Exception {
        StringBuilder dials = new StringBuilder();
        for (String d : extraDials) {
            dials.append("{\"dial\":\"").append(d).append("\"},");
        }
        for (RawUpstream u : upstreams) {
            dials.append("{\"dial\":\"").append(u.dial()).append("\"},");
        }
        dials.setLength(dials.length() - 1);
        return Heddle.withRoutes("""
                [{"handle": [{"handler": "reverse_proxy", "upstreams": [%s], "load_balancing": %s}]}]"""
                .formatted(dials, loadBalancing));
    }

    private static String get(Heddle h, String target, String extraHeaders) throws IOException {
        RawClient.Response r = RawClient.exchange(h.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "Connection: close\r\n\r\n");
        assertEquals(200, r.status(), r.bodyText());
        return r.bodyText();
    }

    private static Map<String, Integer> spread(Heddle h, int n) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(get(h, "/" + i, ""), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void roundRobinIsAnExactCycle() throws Exception {
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"round_robin\"}}")) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                seen.add(get(h, "/", ""));
            }
            assertEquals(Set.of("a", "b", "c"), new HashSet<>(seen.subList(0, 3)));
            assertEquals(seen.subList(0, 3), seen.subList(3, 6));
            assertEquals(seen.subList(0, 3), seen.subList(6, 9));
        }
    }

    @Test
    void weightedRoundRobinKeepsTheRatio() throws Exception {
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"weighted_round_robin\", \"weights\": [3, 2, 1]}}")) {
            assertEquals(Map.of("a", 300, "b", 200, "c", 100), spread(h, 600));
        }
    }

    /**
     * README ("Where Heddle differs"): weighted_round_robin moves past an unavailable upstream,
     * keeping the ratios among the rest. The dead one (weight 2) is marked by passive health on
     * the first request; a, b and c (3, 2, 1) must then share 480 requests 240, 160, 80.
     */
    @Test
    void weightedRoundRobinSkipsAnUnavailableUpstreamAndKeepsTheOthersRatios() throws Exception {
        String dead = "127.0.0.1:" + FreePorts.refused();
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [{"handler": "reverse_proxy",
                  "upstreams": [{"dial": "%s"}, {"dial": "%s"}, {"dial": "%s"}, {"dial": "%s"}],
                  "load_balancing": {"selection_policy": {"policy": "weighted_round_robin", "weights": [2, 3, 2, 1]}, "retries": 1},
                  "health_checks": {"passive": {"max_fails": 1, "fail_duration": "1m"}}}]}]"""
                .formatted(dead, upstreams.get(0).dial(), upstreams.get(1).dial(), upstreams.get(2).dial()))) {
            spread(h, 8);  // the first request meets the dead upstream (retried elsewhere): it is out from now on
            Map<String, Integer> s = spread(h, 480);
            assertEquals(480, s.values().stream().mapToInt(Integer::intValue).sum(), s.toString());
            assertTrue(Math.abs(s.getOrDefault("a", 0) - 240) <= 3
                    && Math.abs(s.getOrDefault("b", 0) - 160) <= 3
                    && Math.abs(s.getOrDefault("c", 0) - 80) <= 3, "a:b:c should stay 3:2:1 = 240/160/80, got " + s);
        }
    }

    @Test
    void randomAndRandomChooseAndLeastConnSpreadTheLoad() throws Exception {
        for (String policy : List.of("{\"policy\": \"random\"}", "{\"policy\": \"random_choose\", \"choose\": 2}",
                "{\"policy\": \"least_conn\"}")) {
            try (Heddle h = proxy("{\"selection_policy\": " + policy + "}")) {
                Map<String, Integer> s = spread(h, 300);
                assertEquals(3, s.size(), policy + ": " + s);
                s.values().forEach(n -> assertTrue(n > 60 && n < 140, policy + ": " + s));
            }
        }
    }

    @Test
    void firstFallsBackWhenThePrimaryIsDown() throws Exception {
        String dead = "127.0.0.1:" + FreePorts.refused();
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"first\"}, \"retries\": 1}", dead)) {
            assertEquals(Map.of("a", 20), spread(h, 20), "the dead primary is passed over on retry, then the next in order");
        }
    }

    @Test
    void hashPoliciesAreSticky() throws Exception {
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"uri_hash\"}}")) {
            String first = get(h, "/same?q=1", "");
            for (int i = 0; i < 10; i++) {
                assertEquals(first, get(h, "/same?q=1", ""));
            }
        }
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"ip_hash\"}}")) {
            assertEquals(1, spread(h, 20).size(), "one client IP, one upstream");
        }
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"header\", \"field\": \"X-Tenant\"}}")) {
            Set<String> tenants = new HashSet<>();
            for (int t = 0; t < 30; t++) {
                String first = get(h, "/", "X-Tenant: t" + t + "\r\n");
                assertEquals(first, get(h, "/", "X-Tenant: t" + t + "\r\n"));
                tenants.add(first);
            }
            assertEquals(3, tenants.size(), "different tenants spread");
        }
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"query\", \"key\": \"user\", \"fallback\": {\"policy\": \"first\"}}}")) {
            String alice = get(h, "/?user=alice", "");
            for (int i = 0; i < 10; i++) {
                assertEquals(alice, get(h, "/x?user=alice&i=" + i, ""));
            }
            assertEquals("a", get(h, "/?nobody=1", ""), "no key: the fallback (first)");
        }
    }

    @Test
    void clientIpHashFollowsTheClientBehindATrustedProxy() throws Exception {
        String json = """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "trusted_proxies": {"source": "static", "ranges": ["127.0.0.1/32"]},
                  "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}, {"dial": "%s"}],
                    "load_balancing": {"selection_policy": {"policy": "client_ip_hash"}}}]}]}}}}}"""
                .formatted(upstreams.get(0).dial(), upstreams.get(1).dial(), upstreams.get(2).dial());
        try (Heddle h = Heddle.start(json)) {
            Set<String> seen = new HashSet<>();
            for (int i = 1; i < 40; i++) {
                String xff = "X-Forwarded-For: 203.0.113." + i + "\r\n";
                String first = get(h, "/", xff);
                assertEquals(first, get(h, "/other", xff));
                seen.add(first);
            }
            assertEquals(3, seen.size());
        }
    }

    @Test
    void cookieMakesSessionsSticky() throws Exception {
        try (Heddle h = proxy("{\"selection_policy\": {\"policy\": \"cookie\", \"name\": \"lb\", \"secret\": \"k\"}}")) {
            RawClient.Response first = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String setCookie = first.header("Set-Cookie");
            assertTrue(setCookie.matches("lb=[0-9a-f]{64}; Path=/; HttpOnly; SameSite=Lax"), setCookie);
            String cookie = "Cookie: " + setCookie.substring(0, setCookie.indexOf(';')) + "\r\n";
            for (int i = 0; i < 20; i++) {
                RawClient.Response again = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\n" + cookie + "Connection: close\r\n\r\n");
                assertEquals(first.bodyText(), again.bodyText());
                assertEquals(null, again.header("Set-Cookie"), "a valid cookie is not set again");
            }
        }
    }
}
