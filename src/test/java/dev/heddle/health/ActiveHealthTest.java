package dev.heddle.health;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.upstream.UpstreamRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import dev.heddle.testing.RawUpstream;

import java.nio.charset.StandardCharsets;

import java.io.IOException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Active health checks over real sockets: an upstream whose health endpoint fails leaves the
 * rotation within an interval and comes back after {@code passes} good checks; fails
 * thresholds, timeouts, expect_body and another port. The "first" policy makes the primary
 * upstream "a" visible: requests reach "b" only while "a" is down.
 */
class ActiveHealthTest {
    private static String proxy(HealthUpstream a, HealthUpstream b, String active) {
        return """
                [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                  "load_balancing": {"selection_policy": {"policy": "first"}},
                  "health_checks": {"active": %s}}]}]""".formatted(a.dial(), b.dial(), active);
    }

    private static String get(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
    }

    @Test
    void failingUpstreamLeavesAndReturnsAfterPasses() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b");
             LogCapture log = new LogCapture("dev.heddle.health");
             Heddle h = Heddle.withRoutes(proxy(a, b, "{\"uri\": \"/health\", \"interval\": \"100ms\", \"passes\": 2}"))) {
            await().atMost(Duration.ofSeconds(2)).until(() -> a.healthChecks.get() >= 1);
            assertEquals("a", get(h), "upstreams start healthy");

            a.healthStatus.set(503);
            await().atMost(Duration.ofSeconds(2)).until(() -> get(h).equals("b"));
            assertTrue(log.messages(java.util.logging.Level.WARNING, java.util.logging.Level.OFF).stream()
                    .anyMatch(m -> m.startsWith("upstream down: " + a.dial()) && m.contains("status 503")), log.records().toString());

            a.healthStatus.set(200);
            int checksAtRecovery = a.healthChecks.get();
            await().atMost(Duration.ofSeconds(2)).until(() -> get(h).equals("a"));
            assertTrue(a.healthChecks.get() - checksAtRecovery >= 2, "needs two passing checks");
            assertTrue(log.messages(java.util.logging.Level.INFO, java.util.logging.Level.WARNING).stream()
                    .anyMatch(m -> m.startsWith("upstream up: " + a.dial())));
        }
    }

    @Test
    void failsThresholdNeedsConsecutiveFailures() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b");
             Heddle h = Heddle.withRoutes(proxy(a, b, "{\"uri\": \"/health\", \"interval\": \"100ms\", \"fails\": 3}"))) {
            await().atMost(Duration.ofSeconds(2)).until(() -> a.healthChecks.get() >= 1);
            int before = a.healthChecks.get();
            a.healthStatus.set(500);
            await().atMost(Duration.ofSeconds(3)).until(() -> get(h).equals("b"));
            assertTrue(a.healthChecks.get() - before >= 3, "three failed checks before going down");
        }
    }

    @Test
    void hangingCheckIsCutByTimeout() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b")) {
            a.hang = true;
            try (Heddle h = Heddle.withRoutes(proxy(a, b, "{\"uri\": \"/health\", \"interval\": \"150ms\", \"timeout\": \"200ms\"}"))) {
                await().atMost(Duration.ofSeconds(3)).until(() -> get(h).equals("b"));
            }
        }
    }

    @Test
    void expectBodyAndExpectStatus() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b");
             Heddle h = Heddle.withRoutes(proxy(a, b,
                     "{\"uri\": \"/health\", \"interval\": \"100ms\", \"expect_body\": \"^OK$\", \"expect_status\": 2}"))) {
            await().atMost(Duration.ofSeconds(2)).until(() -> a.healthChecks.get() >= 2);
            assertEquals("a", get(h));
            a.healthBody.set("DEGRADED");
            await().atMost(Duration.ofSeconds(2)).until(() -> get(h).equals("b"));
            a.healthBody.set("OK");
            a.healthStatus.set(202);
            await().atMost(Duration.ofSeconds(2)).until(() -> get(h).equals("a"));
        }
    }

    @Test
    void healthOnAnotherPort() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b");
             HealthUpstream aHealth = new HealthUpstream("health-of-a")) {
            String active = "{\"uri\": \"/health\", \"port\": " + aHealth.server.port() + ", \"interval\": \"100ms\"}";
            try (Heddle h = Heddle.withRoutes(proxy(a, b, active))) {
                await().atMost(Duration.ofSeconds(2)).until(() -> aHealth.healthChecks.get() >= 1);
                assertEquals(0, a.healthChecks.get(), "the checks go to the other port");
                assertEquals("a", get(h));
                // The port applies to every upstream of the handler (as in Caddy), so both go down.
                aHealth.healthStatus.set(503);
                await().atMost(Duration.ofSeconds(2)).until(() ->
                        RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status() == 503);
                assertEquals(0, a.healthChecks.get() + b.healthChecks.get(), "no check went to the upstreams' own ports");
            }
        }
    }

    /** `upstream`: the checks go to that host:port instead of each upstream's own address. */
    @Test
    void healthOfAnotherUpstreamAddress() throws Exception {
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b");
             HealthUpstream checked = new HealthUpstream("checked")) {
            String active = "{\"uri\": \"/health\", \"upstream\": \"127.0.0.1:" + checked.server.port() + "\", \"interval\": \"100ms\"}";
            try (Heddle h = Heddle.withRoutes(proxy(a, b, active))) {
                await().atMost(Duration.ofSeconds(2)).until(() -> checked.healthChecks.get() >= 2);
                assertEquals("a", get(h));
                checked.healthStatus.set(503);
                await().atMost(Duration.ofSeconds(2)).until(() ->
                        RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status() == 503);
                assertEquals(0, a.healthChecks.get() + b.healthChecks.get(), "no check went to the upstreams' own addresses");
            }
        }
    }

    @Test
    void handlersWithTheSameCheckShareOneCheckerAndOthersKeepTheirOwnView() throws Exception {
        int baseline = UpstreamRegistry.global().sharedCount();
        try (HealthUpstream a = new HealthUpstream("a"); HealthUpstream b = new HealthUpstream("b")) {
            String same = "{\"uri\": \"/health\", \"interval\": \"200ms\"}";
            String other = "{\"uri\": \"/other-health\", \"interval\": \"200ms\", \"expect_status\": 404}";
            String routes = "[" + route("/one*", a, b, same) + "," + route("/two*", a, b, same) + "," + route("/three*", a, b, other) + "]";
            try (Heddle h = Heddle.withRoutes(routes)) {
                assertEquals(baseline + 4, UpstreamRegistry.global().sharedCount(),
                        "two checks (same definition twice, one other) for each of two upstreams");
                // /other-health is answered like any path: 200 "a", not the 404 its check expects,
                // so /three's own checks take both upstreams out while /one still finds them healthy.
                await("/three refused: its own checks took both upstreams out").atMost(Duration.ofSeconds(2))
                        .until(() -> status(h, "/three") == 503);
                assertEquals("a", path(h, "/one"));
                a.healthStatus.set(503);
                await().atMost(Duration.ofSeconds(2)).until(() -> path(h, "/one").equals("b") && path(h, "/two").equals("b"));
                assertEquals(503, status(h, "/three"), "/three keeps its own view: both still down");
            }
            assertEquals(baseline, UpstreamRegistry.global().sharedCount(), "closing the config stops its checkers");
        }
    }

    private static String route(String path, HealthUpstream a, HealthUpstream b, String active) {
        return """
                {"match": [{"path": ["%s"]}], "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                  "load_balancing": {"selection_policy": {"policy": "first"}}, "health_checks": {"active": %s}}], "terminal": true}"""
                .formatted(path, a.dial(), b.dial(), active);
    }

    private static int status(Heddle h, String p) throws IOException {
        return RawClient.exchange(h.port(), "GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status();
    }

    private static String path(Heddle h, String p) throws IOException {
        return RawClient.exchange(h.port(), "GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
    }
    /**
     * One upstream that records its health checks: "/" answers "a", /redirect a 302 to
     * /health?from=redirect, /health* 200 with a body of 97 "x" and "END" (100 bytes).
     */
    private static RawUpstream checkedUpstream(java.util.List<RawUpstream.Request> checks) throws IOException {
        return new RawUpstream((req, out, s) -> {
            String target = req.requestLine().split(" ")[1];
            String reply;
            if (target.equals("/")) {
                reply = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na";
            } else {
                checks.add(req);
                reply = target.startsWith("/redirect")
                        ? "HTTP/1.1 302 Found\r\nLocation: /health?from=redirect\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + "x".repeat(97) + "END";
            }
            out.write(reply.getBytes(StandardCharsets.US_ASCII));
        });
    }

    private static String proxyOne(RawUpstream up, String active) {
        return """
                [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                  "health_checks": {"active": %s}}]}]""".formatted(up.dial(), active);
    }

    @Test
    void theCheckRequestCarriesItsMethodHeadersBodyAndQuery() throws Exception {
        java.util.List<RawUpstream.Request> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RawUpstream up = checkedUpstream(checks);
             Heddle h = Heddle.withRoutes(proxyOne(up, """
                     {"uri": "/health?deep=1&x=%2F", "method": "POST", "body": "ping",
                      "headers": {"X-Check": ["one", "two"], "Host": ["health.example"]}, "interval": "100ms"}"""))) {
            await().atMost(Duration.ofSeconds(3)).until(() -> !checks.isEmpty());
            RawUpstream.Request check = checks.get(0);
            assertEquals("POST /health?deep=1&x=%2F HTTP/1.1", check.requestLine());
            assertEquals("health.example", check.header("Host"), "a Host in headers replaces the upstream's address");
            assertEquals(java.util.List.of("one", "two"), check.headers().stream()
                    .filter(f -> f[0].equalsIgnoreCase("X-Check")).map(f -> f[1]).toList());
            assertEquals("4", check.header("Content-Length"));
            assertEquals("ping", new String(check.body(), StandardCharsets.UTF_8));
        }
    }

    /** How the check judges: 1 check failed is enough (fails 1); 200 = healthy, 503 = no healthy upstream. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                     | active fields beyond uri and interval                 | uri       | status
        "a redirect is a 3xx, not followed         | ''                                                     | /redirect | 503",
        "follow_redirects false                    | , \"follow_redirects\": false                         | /redirect | 503",
        "follow_redirects true follows it          | , \"follow_redirects\": true                          | /redirect | 200",
        "expect_body within the whole body         | , \"expect_body\": \"END$\"                          | /health   | 200",
        "max_size cuts the body before the match   | , \"expect_body\": \"END$\", \"max_size\": 50       | /health   | 503",
        "max_size past the body                    | , \"expect_body\": \"END$\", \"max_size\": 200      | /health   | 200",
        "max_size just past the match              | , \"expect_body\": \"END$\", \"max_size\": 100      | /health   | 200",
        "max_size one short of the match           | , \"expect_body\": \"END$\", \"max_size\": 99       | /health   | 503",
    })
    void followRedirectsAndMaxSize(String what, String fields, String uri, int status) throws Exception {
        java.util.List<RawUpstream.Request> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (RawUpstream up = checkedUpstream(checks);
             Heddle h = Heddle.withRoutes(proxyOne(up, "{\"uri\": \"" + uri + "\", \"interval\": \"50ms\"" + fields + "}"))) {
            await().atMost(Duration.ofSeconds(3)).until(() -> checks.size() >= 3);  // each check judges alike
            assertEquals(status, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status(), what);
            if (what.contains("follows")) {
                assertTrue(checks.stream().anyMatch(c -> c.requestLine().startsWith("GET /health?from=redirect ")), what);
            }
        }
    }
}
