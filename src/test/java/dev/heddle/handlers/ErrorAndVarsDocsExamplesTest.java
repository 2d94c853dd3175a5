package dev.heddle.handlers;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The examples of Caddy's docs for the {@code error} and {@code vars} directives, as the JSON
 * {@code caddy adapt} (2.6.2) printed for them, answered over real sockets. The expected rows are
 * what Caddy 2.6.2 answered for the same JSON. The {@code error} example ends in
 * {@code file_server}; here its error route answers the rewritten URI instead, which shows the
 * same thing (the rewrite saw {@code {http.error.status_code}}).
 */
class ErrorAndVarsDocsExamplesTest {
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        heddle = Heddle.start("""
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "routes": [
                    {"handle": [{"handler": "vars", "isFoo": "nope"}]},
                    {"match": [{"path": ["/foo*"]}], "handle": [{"handler": "vars", "isFoo": "yep"}]},
                    {"match": [{"path": ["/private*"]}], "handle": [{"error": "Unauthorized", "handler": "error", "status_code": 403}]},
                    {"match": [{"path": ["/hidden*"]}], "handle": [{"error": "Not found", "handler": "error", "status_code": 404}]},
                    {"handle": [{"body": "{http.vars.isFoo}", "handler": "static_response"}]}],
                  "errors": {"routes": [
                    {"group": "group0", "handle": [{"handler": "rewrite", "uri": "/{http.error.status_code}.html"}]},
                    {"handle": [{"body": "{http.request.uri}", "handler": "static_response"}]}]}}}}}}
                """);
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // path      | status | body    (Caddy 2.6.2's answers)
        "/private/x  | 403    | /403.html",
        "/hidden     | 404    | /404.html",
        "/foo/bar    | 200    | yep",
        "/foo        | 200    | yep",
        "/other      | 200    | nope",
    })
    void errorAndConditionalVarsExamples(String path, int status, String body) throws Exception {
        RawClient.Response r = RawClient.exchange(heddle.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(status, r.status(), path);
        assertEquals(body, r.bodyText(), path);
        assertEquals("text/plain; charset=utf-8", r.header("Content-Type"), path);
    }

    /** The second vars example: a boolean, an integer, a float and a string, printed as Caddy prints them. */
    @Test
    void typedVarsExample() throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [{"abc": true, "def": 1, "ghi": 2.3, "handler": "vars", "jkl": "example"},
                             {"body": "{http.vars.abc} {http.vars.def} {http.vars.ghi} {http.vars.jkl}", "handler": "static_response"}]}]
                """)) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertEquals("true 1 2.3 example", r.bodyText());
        }
    }
}
