package dev.heddle.server;

import dev.heddle.caddyfile.CaddyfileAdapter;
import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/quickstart.json and conf/quickstart.Caddyfile answer real proxied requests from their two
 * demo upstreams, exactly as the README shows (the fixed ports are moved to free ones, and the
 * start goes again on others when one was taken meanwhile, so the test never collides).
 */
class QuickstartTest {
    @Test
    void quickstartProxiesToBothDemoUpstreams() throws Exception {
        servesAsTheReadmeShows(Files.readString(Path.of("conf/quickstart.json")));
    }

    @Test
    void caddyfileQuickstartDoesTheSame() throws Exception {
        servesAsTheReadmeShows(CaddyfileAdapter.toJson(
                CaddyfileAdapter.adaptFile(Path.of("conf/quickstart.Caddyfile"), name -> null), false));
    }

    private static void servesAsTheReadmeShows(String config) throws Exception {
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(config);
        List<String> fixed = new ArrayList<>();
        while (m.find()) {
            if (!fixed.contains(m.group(1))) {
                fixed.add(m.group(1));
            }
        }
        assertTrue(fixed.contains("8080"), fixed.toString());
        // The demo upstreams are servers of the same config that its proxy dials by number, so the
        // ports must be fixed in advance: a port taken meanwhile makes the whole start go again.
        int[] proxyPort = new int[1];
        try (Heddle heddle = FreePorts.startOnFreePorts(fixed.size(), free -> {
            String json = config;
            for (int i = 0; i < free.length; i++) {
                json = json.replace("127.0.0.1:" + fixed.get(i) + "\"", "127.0.0.1:" + free[i] + "\"");
                if (fixed.get(i).equals("8080")) {
                    proxyPort[0] = free[i];
                }
            }
            return Heddle.startOnNamedPorts(json);
        })) {
            int port = proxyPort[0];
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40 && seen.size() < 2; i++) {
                RawClient.Response res = RawClient.exchange(port, "GET /hello?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertEquals(200, res.status());
                assertTrue(res.bodyText().matches("Hello from upstream [AB]: GET /hello\\?x=1, forwarded for 127\\.0\\.0\\.1\\n"), res.bodyText());
                seen.add(res.header("X-Upstream"));
            }
            assertEquals(Set.of("a", "b"), seen, "random selection reaches both upstreams");
            assertEquals("ok\n", RawClient.exchange(port, "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
        }
    }
}
