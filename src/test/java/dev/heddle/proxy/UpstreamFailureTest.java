package dev.heddle.proxy;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upstream that refuses connections gives 502 with a short body, and the log names it. */
class UpstreamFailureTest {
    @Test
    void refusedUpstreamIs502AndLogged() throws Exception {
        String dead = "127.0.0.1:" + FreePorts.refused();
        try (LogCapture log = new LogCapture("dev.heddle.proxy");
             Heddle heddle = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + dead + "\"}]}]}]")) {
            RawClient.Response res = RawClient.exchange(heddle.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(502, res.status());
            assertEquals("", res.bodyText(), "an empty body, as Caddy's");
            assertTrue(log.errors().stream().anyMatch(m -> m.contains(dead) && m.contains("connecting")), log.errors().toString());
        }
    }
}
