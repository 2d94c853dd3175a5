package dev.heddle.caddyfile;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A Caddyfile with a snippet, an import of a second file, an environment variable, three
 * sites and named, single-line and inline matchers goes through adapt → Heddle → requests on
 * raw sockets, and every answer is the one the Caddyfile describes.
 */
class CaddyfileRoundTripTest {
    /*
     * Site keys carry no scheme: with "http://" and a port other than http_port, Caddy adds
     * automatic_https.skip, which Heddle's loader refuses; a host-less key (":0") would add a
     * catch-all TLS connection policy, which it refuses too; and public names would get a TLS
     * app, so the hosts are internal ones. "bind 127.0.0.1" and port 0 give the one listener
     * 127.0.0.1:0 (a port from the OS) that the three sites share.
     */
    private static final String CADDYFILE = """
            # Round trip: a snippet, an imported file, three sites, matchers.
            (upstream) {
            \treverse_proxy {args.0} {
            \t\theader_up X-Site {args.1}
            \t}
            }

            localhost:0 {
            \tbind 127.0.0.1
            \timport shared.caddy
            \t@api {
            \t\tpath /api/*
            \t\tmethod GET POST
            \t}
            \thandle @api {
            \t\timport upstream {$UPSTREAM} one
            \t}
            \trespond /health "one healthy" 200
            \trespond "one: {path}" 200
            }

            127.0.0.1:0 {
            \tbind 127.0.0.1
            \timport shared.caddy
            \t@legacy path_regexp old ^/old/(.*)$
            \tredir @legacy /new/{re.old.1} permanent
            \thandle_path /static/* {
            \t\trespond "two static {path}"
            \t}
            \trespond "two" 200
            }

            *.localhost:0 {
            \tbind 127.0.0.1
            \theader X-Site wildcard
            \trespond * "three for {host}" 200
            }
            """;

    @Test
    void adaptedConfigServesWhatTheCaddyfileSays() throws Exception {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "caddyfile-roundtrip");
        Path caddyfile = dir.resolve("Caddyfile");
        Files.writeString(caddyfile, CADDYFILE);
        Files.writeString(dir.resolve("shared.caddy"), "# imported by two sites\nheader X-Shared yes\n");
        try (RawUpstream upstream = RawUpstream.ok("from upstream")) {
            String json = CaddyfileAdapter.toJson(
                    CaddyfileAdapter.adaptFile(caddyfile, Map.of("UPSTREAM", upstream.dial())::get), false);
            try (Heddle h = Heddle.start(json)) {
                RawClient.Response api = get(h, "localhost", "GET", "/api/users");
                assertEquals(200, api.status());
                assertEquals("from upstream", api.bodyText());
                assertEquals("yes", api.header("X-Shared"), "the imported file's header");
                RawUpstream.Request seen = upstream.takeRequest();
                assertEquals("GET /api/users HTTP/1.1", seen.requestLine());
                assertEquals("one", seen.header("X-Site"), "the snippet's {args.1}");

                RawClient.Response delete = get(h, "localhost", "DELETE", "/api/users");
                assertEquals("one: /api/users", delete.bodyText(), "DELETE is not in @api's methods");
                assertEquals("one healthy", get(h, "localhost", "GET", "/health").bodyText());

                RawClient.Response legacy = get(h, "127.0.0.1", "GET", "/old/page");
                assertEquals(301, legacy.status());
                assertEquals("/new/page", legacy.header("Location"));
                assertEquals("two static /app.js", get(h, "127.0.0.1", "GET", "/static/app.js").bodyText());
                RawClient.Response two = get(h, "127.0.0.1", "GET", "/");
                assertEquals("two", two.bodyText());
                assertEquals("yes", two.header("X-Shared"));

                RawClient.Response three = get(h, "app.localhost", "GET", "/x");
                assertEquals(200, three.status());
                assertEquals("three for app.localhost", three.bodyText());
                assertEquals("wildcard", three.header("X-Site"));
                assertNull(three.header("X-Shared"), "the third site does not import shared.caddy");
                // No site for other hosts: as in Caddy, no route runs and the answer is an empty 200.
                RawClient.Response none = get(h, "example.org", "GET", "/");
                assertEquals(200, none.status());
                assertEquals("", none.bodyText());
                assertEquals(1, upstream.requestCount(), "only @api requests reached the upstream");
            }
        }
    }

    private static RawClient.Response get(Heddle h, String host, String method, String path) throws IOException {
        return RawClient.exchange(h.port(), method + " " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nConnection: close\r\n\r\n");
    }
}
