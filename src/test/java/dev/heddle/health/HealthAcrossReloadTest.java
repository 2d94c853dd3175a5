package dev.heddle.health;

import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Active health state is keyed by the check's and the transport's definitions, not by the
 * objects a load builds from them (issue 19, defect 1): with a custom resolver (a new object
 * at every load, like a TLS context) a reload used to start a fresh checker that believed
 * the upstream healthy, so a dead upstream came back into rotation at every reload.
 */
class HealthAcrossReloadTest {
    @ParameterizedTest(name = "transport {0}")
    @ValueSource(strings = {
        "{\"protocol\": \"http\"}",
        "{\"protocol\": \"http\", \"resolver\": {\"addresses\": [\"udp/127.0.0.1:9\"]}}",
    })
    void anUnhealthyUpstreamStaysDownAcrossAForcedReload(String transport) throws Exception {
        try (HealthUpstream up = new HealthUpstream("a")) {
            up.healthStatus.set(500);
            String json = """
                    {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [{"handle": [
                      {"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}], "transport": %s,
                       "health_checks": {"active": {"uri": "/health", "interval": "1h", "timeout": "2s"}}}]}]}}}}}
                    """.formatted(up.dial(), transport);
            try (Heddle h = Heddle.start(json)) {
                // The first check runs at start and fails: the only upstream is down.
                await().atMost(Duration.ofSeconds(5)).until(() -> status(h) == 503);
                int checks = up.healthChecks.get();
                h.app().reload(ConfigLoader.parse(json), true);
                assertEquals(503, status(h), "still down right after the reload: the same checker and its state");
                assertEquals(checks, up.healthChecks.get(), "no fresh checker started (interval 1h: only a new one would check now)");
            }
        }
    }

    private static int status(Heddle h) throws Exception {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status();
    }
}
