package dev.heddle.server;

import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * README: `listen` takes port 0. Port 0 is "any free port", so each server listening on
 * "127.0.0.1:0" gets a listener and a port of its own, serves its own routes there, and keeps
 * that port across a reload of the same config.
 */
class PortZeroListenersTest {
    private static final String CONFIG = """
            {"apps": {"http": {"servers": {
              "a": {"listen": ["127.0.0.1:0"], "routes": [{"handle": [{"handler": "static_response", "body": "a%1$s"}]}]},
              "b": {"listen": ["127.0.0.1:0"], "routes": [{"handle": [{"handler": "static_response", "body": "b%1$s"}]}]}}}}}
            """;

    private static String get(int port) throws Exception {
        return RawClient.exchange(port, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").bodyText();
    }

    @Test
    void eachServerOnPortZeroHasItsOwnPort() throws Exception {
        try (Heddle heddle = Heddle.start(CONFIG.formatted(""))) {
            int a = heddle.port("a");
            int b = heddle.port("b");
            assertNotEquals(a, b, "two servers on 127.0.0.1:0 share one listener");
            assertEquals("a", get(a));
            assertEquals("b", get(b));

            heddle.app().reload(ConfigLoader.parse(CONFIG.formatted("2")), true);
            assertEquals(a, heddle.port("a"), "a reload keeps each server's port");
            assertEquals(b, heddle.port("b"));
            assertEquals("a2", get(a));
            assertEquals("b2", get(b));
        }
    }
}
