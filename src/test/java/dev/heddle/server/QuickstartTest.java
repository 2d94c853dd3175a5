package dev.heddle.server;

import dev.heddle.caddyfile.CaddyfileAdapter;
import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * conf/quickstart.json and conf/quickstart.Caddyfile answer real proxied requests from their two
 * demo upstreams, exactly as the README shows (the fixed ports are moved to free ones so the
 * test never collides).
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
        String json = config;
        Matcher m = Pattern.compile("127\\.0\\.0\\.1:(\\d+)").matcher(json);
        Set<String> ports = new HashSet<>();
        while (m.find()) {
            ports.add(m.group(1));
        }
        String proxyPort = null;
        for (String p : ports) {
            String free = Integer.toString(FreePorts.next());
            json = json.replace("127.0.0.1:" + p + "\"", "127.0.0.1:" + free + "\"");
            if (p.equals("8080")) {
                proxyPort = free;
            }
        }
        try (Heddle heddle = Heddle.start(json)) {
            int port = Integer.parseInt(proxyPort);
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
