package dev.heddle.admin;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /load} with {@code Content-Type: text/caddyfile} adapts the body, as Caddy's admin API does. */
class AdminCaddyfileLoadTest {
    private static final String JSON = """
            {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
              "routes": [{"handle": [{"handler": "static_response", "body": "json"}]}]}}}}}""";

    /** Same admin and listener address text as the JSON, so both sockets are kept. */
    private static final String CADDYFILE = """
            {
            \tadmin 127.0.0.1:0
            }
            :0 {
            \tbind 127.0.0.1
            \trespond /hello "from a Caddyfile"
            \trespond "fallback" 404
            }
            """;

    private static RawClient.Response load(Heddle h, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return RawClient.exchange(h.adminPort(), "POST /load HTTP/1.1\r\nHost: localhost:" + h.adminPort()
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static RawClient.Response get(Heddle h, String path) throws IOException {
        return RawClient.exchange(h.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aCaddyfileBodyIsAdaptedThenLoaded() throws Exception {
        try (Heddle h = Heddle.start(JSON)) {
            assertEquals("json", get(h, "/hello").bodyText());
            RawClient.Response ok = load(h, "text/caddyfile; charset=utf-8", CADDYFILE);
            assertEquals(200, ok.status(), ok.bodyText());
            assertEquals("from a Caddyfile", get(h, "/hello").bodyText());
            RawClient.Response other = get(h, "/other");
            assertEquals(404, other.status());
            assertEquals("fallback", other.bodyText());
        }
    }

    @Test
    void aBadCaddyfileNamesTheLineAndChangesNothing() throws Exception {
        try (Heddle h = Heddle.start(JSON)) {
            RawClient.Response bad = load(h, "text/caddyfile", ":0 {\n\tbind 127.0.0.1\n\tproxy_pass x\n}\n");
            assertEquals(400, bad.status());
            assertTrue(bad.bodyText().contains("Caddyfile:3 - unrecognized directive: proxy_pass"), bad.bodyText());
            RawClient.Response unknown = load(h, "text/nginx", "server {}");
            assertEquals(400, unknown.status());
            assertTrue(unknown.bodyText().contains("unrecognized config adapter 'nginx'"), unknown.bodyText());
            assertEquals("json", get(h, "/").bodyText(), "the running config is untouched");
        }
    }
}
