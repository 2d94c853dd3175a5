package dev.heddle.proxy;

import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** headers.request / headers.response of reverse_proxy and the standalone headers handler, over sockets. */
class HeaderOpsProxyTest {
    @Test
    void requestOpsRunPerAttemptWithThatAttemptsUpstream() throws Exception {
        String dead = "127.0.0.1:" + FreePorts.refused();
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 byte[] b = (req.header("Host") + "|" + req.header("X-Upstream") + "|" + req.header("X-Secret") + "|"
                         + req.header("X-Added")).getBytes(StandardCharsets.UTF_8);
                 out.write(("HTTP/1.1 200 OK\r\nServer: internal-1.2\r\nX-Powered-By: php\r\nLocation: http://internal/x\r\n"
                         + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 out.write(b);
             });
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}, {"dial": "%s"}],
                       "load_balancing": {"selection_policy": {"policy": "first"}, "retries": 1},
                       "headers": {
                         "request": {"set": {"Host": ["{http.reverse_proxy.upstream.hostport}"],
                                             "X-Upstream": ["{http.reverse_proxy.upstream.port}"]},
                                     "add": {"X-Added": ["{http.request.uri.path}"]},
                                     "delete": ["X-Secret"]},
                         "response": {"delete": ["X-Powered-*"], "set": {"Server": ["edge"]},
                                      "replace": {"Location": [{"search": "http://internal", "replace": "https://public"}]}}
                       }}]}]""".formatted(dead, up.dial()))) {
            RawClient.Response r = RawClient.exchange(h.port(),
                    "GET /p HTTP/1.1\r\nHost: client.test\r\nX-Secret: s3\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals(up.dial() + "|" + up.port() + "|null|/p", r.bodyText(),
                    "the retry's ops name the second upstream; Host set; secret deleted");
            assertEquals("edge", r.header("Server"));
            assertNull(r.header("X-Powered-By"));
            assertEquals("https://public/x", r.header("Location"));
        }
    }

    @Test
    void deletingHostSendsTheUpstreamAddress() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 byte[] b = req.header("Host").getBytes(StandardCharsets.UTF_8);
                 out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 out.write(b);
             });
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\""
                     + up.dial() + "\"}],\"headers\":{\"request\":{\"delete\":[\"Host\"]}}}]}]")) {
            assertEquals(up.dial(), RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: client.test\r\nConnection: close\r\n\r\n").bodyText());
        }
    }

    @Test
    void responseOpsRespectRequire() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> {
                 int status = req.requestLine().contains("/missing") ? 404 : 200;
                 out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
             });
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                       "headers": {"response": {"set": {"Cache-Control": ["no-store"]}, "require": {"status_code": [4]}}}}]}]"""
                     .formatted(up.dial()))) {
            assertEquals("no-store", RawClient.exchange(h.port(), "GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .header("Cache-Control"));
            assertNull(RawClient.exchange(h.port(), "GET /found HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .header("Cache-Control"));
        }
    }

    /** require.headers (found untested by mutation testing): a field must be present, and match a pattern when given. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // require                                                         | upstream's extra field        | Cache-Control
        "{\"headers\": {\"Content-Type\": [\"text/*\"]}}                    | Content-Type: text/html       | no-store",
        "{\"headers\": {\"Content-Type\": [\"text/*\"]}}                    | Content-Type: image/png       | NONE",
        "{\"headers\": {\"Content-Type\": [\"text/*\"]}}                    | X-Other: 1                    | NONE",
        "{\"headers\": {\"X-Cache\": []}}                                  | X-Cache: HIT                  | no-store",
        "{\"headers\": {\"X-Cache\": []}}                                  | X-Other: 1                    | NONE",
        "{\"status_code\": [200], \"headers\": {\"X-Cache\": [\"HIT\"]}}     | X-Cache: HIT                  | no-store",
        "{\"status_code\": [404], \"headers\": {\"X-Cache\": [\"HIT\"]}}     | X-Cache: HIT                  | NONE",
    })
    void responseOpsRequireHeaders(String require, String field, String cacheControl) throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) ->
                 out.write(("HTTP/1.1 200 OK\r\n" + field + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                       "headers": {"response": {"set": {"Cache-Control": ["no-store"]}, "require": %s}}}]}]"""
                     .formatted(up.dial(), require))) {
            assertEquals(cacheControl, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .header("Cache-Control"), require + " with " + field);
        }
    }

    /** Immediate ops run now (a later handler's field wins); deferred ones run as the response goes out (they win). */
    @Test
    void immediateOpsComeBeforeLaterHandlersAndDeferredOnesAfter() throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [
                   {"handler": "headers", "response": {"set": {"X-Now": ["ops"]}}},
                   {"handler": "headers", "response": {"set": {"X-Late": ["ops"]}, "deferred": true}},
                   {"handler": "static_response", "headers": {"X-Now": ["handler"], "X-Late": ["handler"]}, "body": "x"}]}]""")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("handler", r.header("X-Now"));
            assertEquals("ops", r.header("X-Late"));
        }
    }

    @Test
    void headersHandlerChangesTheRequestLaterHandlersSeeAndTheResponse() throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [
                   {"handler": "headers", "request": {"set": {"X-Tenant": ["t-{http.request.uri.query}"]}},
                                          "response": {"add": {"X-Frame-Options": ["DENY"]}}},
                   {"handler": "headers", "response": {"set": {"X-Status": ["late"]}, "deferred": true}},
                   {"handler": "static_response", "body": "{http.request.header.X-Tenant}"}]}]""")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET /?42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("t-42", r.bodyText());
            assertEquals("DENY", r.header("X-Frame-Options"));
            assertEquals("late", r.header("X-Status"));
        }
    }
    /**
     * CR, LF and NUL decoded from the query never reach a header line, upstream or to the
     * client (README: "Values expanded from a request never carry CR, LF or NUL into a header"):
     * judged on the raw bytes each side received, not on parsed headers.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a%0d%0aInjected:%20yes", "a%0aInjected:%20yes", "a%0dInjected:%20yes",
            "a%00%0d%0aInjected:%20yes", "a%0d%0a%0d%0aInjected:%20yes"})
    void crlfFromAPlaceholderNeverSplitsAHeader(String x) throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.withRoutes("""
                     [{"handle": [
                        {"handler": "headers", "response": {"set": {"X-Handler": ["{http.request.uri.query.x}"]}}},
                        {"handler": "reverse_proxy", "upstreams": [{"dial": "%s"}],
                         "headers": {"request": {"set": {"X-Q": ["{http.request.uri.query.x}"]}},
                                     "response": {"set": {"X-R": ["{http.request.uri.query.x}"]}}}}]}]"""
                     .formatted(up.dial()));
             java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /?x=" + x + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            RawUpstream.Request got = up.takeRequest();
            String upstreamWire = up.wire();
            for (String[] side : new String[][] {{"upstream", upstreamWire.substring(0, upstreamWire.indexOf("\r\n\r\n") + 4)},
                                                 {"client", response.substring(0, response.indexOf("\r\n\r\n") + 4)}}) {
                String head = side[1];
                org.junit.jupiter.api.Assertions.assertFalse(head.toLowerCase().contains("\ninjected:"), side[0] + " got a header line of its own:\n" + head);
                // Every line of the head ends with CRLF and has no other CR, LF or NUL.
                for (String line : head.substring(0, head.length() - 4).split("\r\n", -1)) {
                    org.junit.jupiter.api.Assertions.assertTrue(line.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                            side[0] + ": a stray CR, LF or NUL in " + line.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
                }
            }
            assertEquals("aInjected: yes", got.header("X-Q"), "the value is kept, without the control characters");
            assertEquals(200, RawClient.read(new java.io.ByteArrayInputStream(response.getBytes(StandardCharsets.ISO_8859_1)), false).status());
            org.junit.jupiter.api.Assertions.assertTrue(response.contains("\r\nX-R: aInjected: yes\r\n"), response);
            org.junit.jupiter.api.Assertions.assertTrue(response.contains("\r\nX-Handler: aInjected: yes\r\n"), response);
        }
    }
}
