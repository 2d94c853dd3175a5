package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** handle_response, copy_response(_headers) and the proxy's own rewrite, over sockets. */
class HandleResponseTest {
    private static RawUpstream answering(int status, String body, String extraHeaders) throws Exception {
        return new RawUpstream((req, out, s) -> {
            byte[] b = (body.isEmpty() ? req.requestLine() + " body=" + new String(req.body(), StandardCharsets.UTF_8)
                    + " x-user=" + req.header("X-User") : body).getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\n" + extraHeaders + "Content-Length: " + b.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(b);
        });
    }

    private static RawClient.Response get(Heddle h, String request) throws Exception {
        return RawClient.exchange(h.port(), request);
    }

    @Test
    void notFoundFromUpstreamIsReplacedByAStaticPage() throws Exception {
        try (RawUpstream up = answering(404, "upstream 404", "X-Up: 1\r\n");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}], "handle_response": [
                        {"match": {"status_code": [404]}, "routes": [{"handle": [
                           {"handler": "static_response", "status_code": 404, "body": "our page ({http.reverse_proxy.status_code})"}]}]}]}]}]"""
                     .formatted(up.dial()))) {
            RawClient.Response r = get(h, "GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(404, r.status());
            assertEquals("our page (404)", r.bodyText());
            assertNull(r.header("X-Up"), "a replacement response does not copy upstream headers");
        }
    }

    @Test
    void statusReplacementStillStreamsTheBodyAndCopyResponseCopies() throws Exception {
        try (RawUpstream up = answering(500, "details", "X-Up: 1\r\nX-Other: 2\r\n");
             Heddle h = Heddle.withRoutes("""
                     [{"match": [{"path": ["/replace"]}], "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%1$s"}],
                        "handle_response": [{"match": {"status_code": [5]}, "status_code": 503}]}], "terminal": true},
                      {"match": [{"path": ["/copy"]}], "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%1$s"}],
                        "handle_response": [{"routes": [{"handle": [{"handler": "copy_response", "status_code": 502}]}]}]}], "terminal": true},
                      {"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%1$s"}],
                        "handle_response": [{"routes": [{"handle": [{"handler": "copy_response_headers", "include": ["X-Up"]},
                                                                    {"handler": "static_response", "body": "mine"}]}]}]}]}]"""
                     .formatted(up.dial()))) {
            RawClient.Response replaced = get(h, "GET /replace HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(503, replaced.status());
            assertEquals("details", replaced.bodyText());
            RawClient.Response copied = get(h, "GET /copy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(502, copied.status());
            assertEquals("details", copied.bodyText());
            assertEquals("1", copied.header("X-Up"));
            RawClient.Response headersOnly = get(h, "GET /h HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("mine", headersOnly.bodyText());
            assertEquals("1", headersOnly.header("X-Up"));
            assertNull(headersOnly.header("X-Other"));
        }
    }

    /** Caddy's forward_auth pattern: 2xx lets the request through with copied headers; otherwise the auth answer goes back. */
    @Test
    void forwardAuth() throws Exception {
        try (RawUpstream auth = new RawUpstream((req, out, s) -> {
                 boolean ok = "let-me-in".equals(req.header("Authorization"));
                 String head = ok ? "HTTP/1.1 200 OK\r\nX-User: alice\r\nContent-Length: 0\r\n\r\n"
                         : "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 12\r\n\r\nplease login";
                 out.write(head.getBytes(StandardCharsets.US_ASCII));
             });
             RawUpstream app = answering(200, "", "");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [
                        {"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                         "rewrite": {"method": "GET", "uri": "/verify"},
                         "headers": {"request": {"set": {"X-Forwarded-Uri": ["{http.request.uri}"]}}},
                         "handle_response": [{"match": {"status_code": [2]}, "routes": [{"handle": [
                            {"handler": "headers", "request": {"set": {"X-User": ["{http.reverse_proxy.header.X-User}"]}}}]}]}]},
                        {"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}]}]}]"""
                     .formatted(auth.dial(), app.dial()))) {
            RawClient.Response denied = get(h, "POST /doc HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\ndata");
            assertEquals(401, denied.status());
            assertEquals("please login", denied.bodyText());
            assertEquals("Basic", denied.header("WWW-Authenticate"));
            assertEquals(0, app.requestCount());
            RawUpstream.Request verify = auth.takeRequest();
            assertEquals("GET /verify HTTP/1.1", verify.requestLine(), "the auth copy: rewritten");
            assertEquals(null, verify.header("Content-Length"), "the auth copy has no body");
            assertEquals(null, verify.header("Transfer-Encoding"), "the auth copy has no body");
            assertFalse(auth.wire().contains("data"), "the body was dropped, not sent undeclared:\n" + auth.wire());

            RawClient.Response allowed = get(h, "POST /doc HTTP/1.1\r\nHost: x\r\nAuthorization: let-me-in\r\n"
                    + "Content-Length: 4\r\nConnection: close\r\n\r\ndata");
            assertEquals(200, allowed.status());
            assertEquals("POST /doc HTTP/1.1 body=data x-user=alice", allowed.bodyText(),
                    "the app gets the original request, its body, and the copied header");
        }
    }

    @Test
    void proxyRewriteStripsPrefixOnlyForTheUpstreamCopy() throws Exception {
        try (RawUpstream up = answering(200, "", "");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                        "rewrite": {"strip_path_prefix": "/api"},
                        "headers": {"response": {"set": {"X-Original": ["{http.request.uri}"]}}}}]}]"""
                     .formatted(up.dial()))) {
            RawClient.Response r = get(h, "GET /api/users?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("GET /users?x=1 HTTP/1.1 body= x-user=null", r.bodyText());
            assertEquals("/api/users?x=1", r.header("X-Original"), "the client's request is untouched");
        }
    }
}
