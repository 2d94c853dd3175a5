package dev.heddle.handlers;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The `rewrite` handler over real sockets, one row per field the README lists: the request a
 * later handler sees (here a static_response printing method and URI) is the rewritten one.
 * {@code RewriteTest} is the table of edge cases on {@code Rewrite.apply} itself.
 */
class RewriteHandlerTest {
    @ParameterizedTest(name = "{0} on {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"method\":\"PUT\"}                                                        | POST | /a?x=1         | PUT /a?x=1",
        "{\"uri\":\"/new?{query}&y=2\"}                                              | GET  | /old?x=1       | GET /new?x=1&y=2",
        "{\"strip_path_prefix\":\"/api\"}                                            | GET  | /api/users?q=1 | GET /users?q=1",
        "{\"strip_path_suffix\":\".html\"}                                           | GET  | /page.html     | GET /page",
        "{\"uri_substring\":[{\"find\":\"old\",\"replace\":\"new\",\"limit\":1}]}    | GET  | /old/old       | GET /new/old",
        "{\"path_regexp\":[{\"find\":\"^/u/(\\\\d+)\",\"replace\":\"/users/${1}\"}]} | GET  | /u/42          | GET /users/42",
        "{\"query\":{\"rename\":[{\"key\":\"q\",\"val\":\"search\"}],\"delete\":[\"debug\"]}} | GET | /s?q=a&debug=1 | GET /s?search=a",
        "{\"query\":{\"set\":[{\"key\":\"a\",\"val\":\"9\"}],\"add\":[{\"key\":\"b\",\"val\":\"x y\"}]}} | GET | /s?a=1 | GET /s?a=9&b=x+y",
        "{\"query\":{\"replace\":[{\"key\":\"q\",\"search_regexp\":\"[0-9]+\",\"replace\":\"N\"}]}} | GET | /s?q=a1b22 | GET /s?q=aNbN",
    })
    void laterHandlersSeeTheRewrittenRequest(String rewrite, String method, String target, String expected) throws Exception {
        try (Heddle heddle = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"rewrite\", " + rewrite.substring(1)
                + ", {\"handler\": \"static_response\", \"body\": \"{http.request.method} {http.request.uri}\"}]}]")) {
            RawClient.Response res = RawClient.exchange(heddle.port(), method + " " + target
                    + " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            assertEquals(200, res.status());
            assertEquals(expected, res.bodyText());
        }
    }
}
