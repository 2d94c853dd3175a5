package dev.heddle.admin;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API over real sockets: load, config subtree edits, guards, upstream view, stop. */
class AdminApiTest {
    private static String config(String body) {
        return """
                {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "routes": [{"handle": [{"handler": "static_response", "body": "%s"}]}]}}}}}""".formatted(body);
    }

    private static RawClient.Response admin(Heddle h, String method, String path, String body, String extraHeaders)
            throws IOException {
        String b = body == null ? "" : body;
        return RawClient.exchange(h.adminPort(), method + " " + path + " HTTP/1.1\r\nHost: localhost:" + h.adminPort() + "\r\n"
                + extraHeaders + "Content-Type: application/json\r\nContent-Length: " + b.getBytes().length
                + "\r\nConnection: close\r\n\r\n" + b);
    }

    private static String served(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
    }

    @Test
    void loadReplacesTheConfigAndInvalidLoadsChangeNothing() throws Exception {
        try (Heddle h = Heddle.start(config("v1"))) {
            assertEquals("v1", served(h));
            int port = h.port();
            // Keep the same listener address text so the socket is kept.
            RawClient.Response ok = admin(h, "POST", "/load", config("v2"), "");
            assertEquals(200, ok.status(), ok.bodyText());
            assertEquals("v2", served(h));
            assertEquals(port, h.port(), "an unchanged listen address keeps its socket");

            RawClient.Response bad = admin(h, "POST", "/load", config("v3").replace("static_response", "static_responze"), "");
            assertEquals(400, bad.status());
            assertEquals("{\"error\":\"apps.http.servers.srv0.routes[0].handle[0].handler: unknown handler \\\"static_responze\\\"\"}\n",
                    bad.bodyText());
            assertEquals("v2", served(h), "the running config is untouched");
        }
    }

    @Test
    void identicalConfigIsANoOpUnlessForced() throws Exception {
        try (dev.heddle.testing.LogCapture log = new dev.heddle.testing.LogCapture("dev.heddle.server");
             Heddle h = Heddle.start(config("v1"))) {
            assertEquals(200, admin(h, "POST", "/load", config("v1"), "").status());
            assertEquals(0, log.records().stream().filter(r -> r.getMessage().startsWith("config reloaded")).count());
            assertEquals(200, admin(h, "POST", "/load", config("v1"), "Cache-Control: must-revalidate\r\n").status());
            assertEquals(1, log.records().stream().filter(r -> r.getMessage().startsWith("config reloaded")).count());
        }
    }

    @Test
    void configSubtreeEdits() throws Exception {
        try (Heddle h = Heddle.start(config("v1"))) {
            String body = "/config/apps/http/servers/srv0/routes/0/handle/0/body";
            assertEquals("\"v1\"", admin(h, "GET", body, null, "").bodyText());
            assertEquals(200, admin(h, "PATCH", body, "\"patched\"", "").status());
            assertEquals("patched", served(h));

            String routes = "/config/apps/http/servers/srv0/routes";
            assertEquals(200, admin(h, "PUT", routes + "/0",
                    "{\"match\":[{\"path\":[\"/new\"]}],\"handle\":[{\"handler\":\"static_response\",\"body\":\"new\"}],\"terminal\":true}", "").status());
            assertEquals("new", RawClient.exchange(h.port(), "GET /new HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals(200, admin(h, "DELETE", routes + "/0", null, "").status());
            assertEquals("patched", RawClient.exchange(h.port(), "GET /new HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());

            RawClient.Response invalid = admin(h, "PATCH", body.replace("/body", "/status_code"), "1000", "");
            assertEquals(404, invalid.status(), "PATCH needs an existing value");
            RawClient.Response badValue = admin(h, "PUT", body.replace("/body", "/status_code"), "1000", "");
            assertEquals(400, badValue.status());
            assertTrue(badValue.bodyText().contains("status_code: must be an HTTP status"), badValue.bodyText());
            assertEquals("patched", served(h));
        }
    }

    @Test
    void foreignOriginsAndHostsAreRefused() throws Exception {
        try (Heddle h = Heddle.start(config("v1"))) {
            assertEquals(403, admin(h, "GET", "/config/", null, "Origin: http://evil.example\r\n").status());
            assertEquals(403, admin(h, "GET", "/config/", null, "Sec-Fetch-Mode: cors\r\n").status(), "a browser request without Origin");
            assertEquals(200, admin(h, "GET", "/config/", null, "Origin: http://localhost:" + h.adminPort() + "\r\n").status());
            RawClient.Response rebinding = RawClient.exchange(h.adminPort(),
                    "GET /config/ HTTP/1.1\r\nHost: evil.example:" + h.adminPort() + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, rebinding.status(), "DNS rebinding: the Host must name the admin listener");
            assertEquals(405, admin(h, "GET", "/load", null, "").status());
        }
    }

    /** admin.origins: a listed origin may use the API from a browser, and its host may be the Host. */
    @Test
    void listedOriginsAreAllowed() throws Exception {
        try (Heddle h = Heddle.start("""
                {"admin": {"listen": "127.0.0.1:0", "origins": ["app.example:8443", "https://ops.example"]},
                 "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": []}}}}}""")) {
            assertEquals(200, admin(h, "GET", "/config/", null, "Origin: https://app.example:8443\r\n").status());
            assertEquals(200, admin(h, "GET", "/config/", null, "Origin: https://ops.example\r\n").status());
            assertEquals(403, admin(h, "GET", "/config/", null, "Origin: http://ops.example\r\n").status(), "a scheme given is kept");
            assertEquals(403, admin(h, "GET", "/config/", null, "Origin: https://evil.example\r\n").status());
            assertEquals(200, RawClient.exchange(h.adminPort(),
                    "GET /config/ HTTP/1.1\r\nHost: app.example:8443\r\nConnection: close\r\n\r\n").status());
        }
    }

    @Test
    void upstreamsViewAndStop() throws Exception {
        try (RawUpstream up = RawUpstream.ok("x");
             Heddle h = Heddle.start("""
                     {"admin": {"listen": "127.0.0.1:0"}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                       "routes": [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]}}}}}"""
                     .formatted(up.dial()))) {
            RawClient.Response view = admin(h, "GET", "/reverse_proxy/upstreams", null, "");
            assertEquals(200, view.status());
            assertEquals("[{\"address\":\"" + up.dial() + "\",\"num_requests\":0,\"fails\":0,\"healthy\":true}]", view.bodyText());
            assertEquals(200, admin(h, "POST", "/stop", null, "").status());
            assertTrue(h.stopRequested().await(5, TimeUnit.SECONDS));
        }
    }
}
