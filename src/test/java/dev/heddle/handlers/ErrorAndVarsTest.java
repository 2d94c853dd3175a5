package dev.heddle.handlers;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caddy's {@code error} and {@code vars} handlers, the {@code vars} / {@code vars_regexp}
 * matchers and the {@code protocol} matcher's values, over real sockets (issue 19; facts in
 * caddy-reference-2.md §E). Each row is one config and one request.
 */
class ErrorAndVarsTest {
    private static RawClient.Response get(String routes, String errorRoutes, String request) throws Exception {
        String errors = errorRoutes.isEmpty() ? "" : ", \"errors\": {\"routes\": " + errorRoutes + "}";
        try (Heddle h = Heddle.start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s%s}}}}}
                """.formatted(routes, errors))) {
            return RawClient.exchange(h.port(), request);
        }
    }

    private static String get11(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    private static final String SHOW_ERROR = """
            [{"handle": [{"handler": "static_response",
              "body": "{http.error.status_code} {http.error.status_text}: {http.error.message} at {http.request.uri}"}]}]""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                | error handler fields                                    | path          | with error routes | status | body
        "no error routes: status, empty body  | \"error\": \"Unauthorized\", \"status_code\": 401            | /a            | false | 401 | ''",
        "default status 500                   | \"error\": \"boom\"                                         | /a            | false | 500 | ''",
        "error routes see status and message  | \"error\": \"not here\", \"status_code\": 404               | /a            | true  | 404 | 404 Not Found: not here at /a",
        "status from a placeholder            | \"error\": \"slow down\", \"status_code\": \"{http.request.uri.query.code}\" | /a?code=429 | true | 429 | 429 Too Many Requests: slow down at /a?code=429",
        "a status that is no number is a 500  | \"error\": \"x\", \"status_code\": \"{http.request.uri.query.code}\" | /a?code=abc | true | 500 | 500 Internal Server Error: error: status \"abc\" is not a number at /a?code=abc",
        "message placeholders, unknown kept   | \"error\": \"{http.request.method} {nope}\", \"status_code\": 403 | /a      | true  | 403 | 403 Forbidden: GET {nope} at /a",
        "no message                           | \"status_code\": 410                                      | /a            | true  | 410 | 410 Gone:  at /a",
    })
    void errorHandler(String what, String fields, String path, boolean withRoutes, int status, String body) throws Exception {
        RawClient.Response r = get("[{\"handle\": [{\"handler\": \"error\", " + fields + "}]}]",
                withRoutes ? SHOW_ERROR : "", get11(path));
        assertEquals(status, r.status(), what);
        assertEquals(body, r.bodyText(), what);
    }

    @Test
    void errorIdTraceAndTheFullErrorString() throws Exception {
        RawClient.Response r = get("[{\"handle\": [{\"handler\": \"error\", \"error\": \"gone\", \"status_code\": 404}]}]",
                "[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.error.id}|{http.error.trace}|{http.error}\"}]}]",
                get11("/x"));
        String[] parts = r.bodyText().split("\\|", -1);
        assertTrue(parts[0].matches("[a-km-np-z0-9]{9}"), "id: " + parts[0]);
        assertTrue(parts[1].startsWith("handlers.ErrorHandler.handle (ErrorHandler.java:"), "trace: " + parts[1]);
        assertEquals("{id=" + parts[0] + "} " + parts[1] + ": HTTP 404: gone", parts[2]);
    }

    /** The server's error routes see the request as it arrived, and static_response defaults to the error's status there. */
    @Test
    void errorRoutesSeeTheOriginalRequestAndKeepItsStatus() throws Exception {
        RawClient.Response r = get("[{\"handle\": [{\"handler\": \"rewrite\", \"uri\": \"/rewritten\"},"
                        + "{\"handler\": \"error\", \"error\": \"no\", \"status_code\": 451}]}]",
                "[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.request.uri}\"}]}]",
                get11("/original?q=1"));
        assertEquals(451, r.status());
        assertEquals("/original?q=1", r.bodyText());
    }

    @Test
    void varsAreSetExpandedAndPrinted() throws Exception {
        RawClient.Response r = get("""
                [{"handle": [{"handler": "vars", "root": "/srv", "n": 5, "ratio": 0.5, "flag": true,
                              "path": "{http.request.uri.path}", "{http.request.uri.query.k}": "keyed"},
                             {"handler": "static_response",
                              "body": "{http.vars.root} {http.vars.n} {http.vars.ratio} {http.vars.flag} {http.vars.path} {http.vars.dyn} {http.vars.unset}|"}]}]
                """, "", get11("/p/q?k=dyn"));
        assertEquals("/srv 5 0.5 true /p/q keyed |", r.bodyText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                   | vars matcher                                              | path        | matched
        "a value matches                         | {\"tier\": [\"gold\", \"silver\"]}                          | /a          | true",
        "no value matches                        | {\"tier\": [\"bronze\"]}                                   | /a          | false",
        "keys are ORed                           | {\"tier\": [\"bronze\"], \"zone\": [\"us\"]}               | /a          | true",
        "values take placeholders                | {\"tier\": [\"{http.request.uri.query.t}\"]}               | /a?t=gold   | true",
        "a key that is a placeholder             | {\"{http.request.uri.query.t}\": [\"x\"]}                  | /a?t=x      | true",
        "an unset var reads as empty             | {\"unset\": [\"\"]}                                        | /a          | true",
        "an empty matcher matches everything     | {}                                                        | /a          | true",
    })
    void varsMatcher(String what, String matcher, String path, boolean matched) throws Exception {
        RawClient.Response r = get("""
                [{"handle": [{"handler": "vars", "tier": "gold", "zone": "us"}]},
                 {"match": [{"vars": %s}], "handle": [{"handler": "static_response", "body": "matched"}], "terminal": true},
                 {"handle": [{"handler": "static_response", "body": "not"}]}]
                """.formatted(matcher), "", get11(path));
        assertEquals(matched ? "matched" : "not", r.bodyText(), what);
    }

    @Test
    void varsRegexpPublishesItsCaptures() throws Exception {
        RawClient.Response r = get("""
                [{"handle": [{"handler": "vars", "user": "alice-42"}]},
                 {"match": [{"vars_regexp": {"user": {"name": "u", "pattern": "^([a-z]+)-(\\\\d+)$"},
                                             "missing": {"pattern": "x"}}}],
                  "handle": [{"handler": "static_response", "body": "{http.regexp.u.1} {http.regexp.u.2}"}], "terminal": true},
                 {"handle": [{"handler": "static_response", "body": "not"}]}]
                """, "", get11("/"));
        assertEquals("alice 42", r.bodyText());
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource(delimiter = '|', value = {
        "http       | HTTP/1.1 | true",
        "https      | HTTP/1.1 | false",
        "http/1.1   | HTTP/1.1 | true",
        "http/1.1   | HTTP/1.0 | false",
        "http/1.0   | HTTP/1.0 | true",
        "http/1.0+  | HTTP/1.1 | true",
        "http/1.1+  | HTTP/1.0 | false",
        "http/2     | HTTP/1.1 | false",
        "http/2+    | HTTP/1.1 | false",
        "h1         | HTTP/1.1 | false",
    })
    void protocolMatcher(String protocol, String version, boolean matched) throws Exception {
        RawClient.Response r = get("""
                [{"match": [{"protocol": "%s"}], "handle": [{"handler": "static_response", "body": "matched"}], "terminal": true},
                 {"handle": [{"handler": "static_response", "body": "not"}]}]
                """.formatted(protocol), "", "GET / " + version + "\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(matched ? "matched" : "not", r.bodyText());
    }

    @Test
    void grpcIsAContentType() throws Exception {
        RawClient.Response r = get("""
                [{"match": [{"protocol": "grpc"}], "handle": [{"handler": "static_response", "body": "matched"}], "terminal": true},
                 {"handle": [{"handler": "static_response", "body": "not"}]}]
                """, "", "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc+proto\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals("matched", r.bodyText());
    }
    private static final String SERVER_ERRORS = """
            [{"handle": [{"handler": "static_response", "body": "server: {http.error.status_code} {http.error.message}"}]}]""";

    /**
     * A subroute's own {@code errors} handle what fails inside it, before (and instead of) the
     * server's; what they do not handle goes on as Caddy's subroute.go has it: an error raised
     * in them reaches the server's error routes, and routes that match nothing fall through to
     * the handler after the subroute.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                   | the subroute's errors field                                                   | status | body
        "its own error routes answer             | , \"errors\": {\"routes\": [{\"handle\": [{\"handler\": \"static_response\", \"body\": \"sub: {http.error.status_code} {http.error.message}\"}]}]} | 404 | sub: 404 inner",
        "without errors the server's answer      | ''                                                                            | 404 | server: 404 inner",
        "an error in its error routes goes up    | , \"errors\": {\"routes\": [{\"handle\": [{\"handler\": \"error\", \"error\": \"in sub errors\", \"status_code\": 418}]}]} | 418 | server: 418 in sub errors",
        "unmatched error routes fall through     | , \"errors\": {\"routes\": [{\"match\": [{\"path\": [\"/other\"]}], \"handle\": [{\"handler\": \"static_response\", \"body\": \"sub\"}]}]} | 404 | after the subroute",
    })
    void subrouteErrors(String what, String errorsField, int status, String body) throws Exception {
        // The server's error routes exist in every row: only the subroute's config changes.
        RawClient.Response r = get("""
                [{"handle": [{"handler": "subroute", "routes": [{"handle": [{"handler": "error", "error": "inner", "status_code": 404}]}]%s},
                             {"handler": "static_response", "body": "after the subroute"}]}]
                """.formatted(errorsField), SERVER_ERRORS, get11("/a"));
        assertEquals(status, r.status(), what);
        assertEquals(body, r.bodyText(), what);
    }
}
