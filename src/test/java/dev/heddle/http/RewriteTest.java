package dev.heddle.http;

import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.RewriteConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rewrite, table-style: method, uri (path, query, {query}), strip prefix/suffix, uri_substring, path_regexp, query ops. */
class RewriteTest {
    private static Rewrite rewrite(String json) throws Exception {
        HeddleConfig c = ConfigLoader.parse("{\"apps\":{\"http\":{\"servers\":{\"s\":{\"listen\":[\":1\"],\"routes\":[{\"handle\":[{\"handler\":\"rewrite\","
                + json.substring(1) + "]}]}}}}}");
        return new Rewrite((RewriteConfig) c.servers().get("s").routes().get(0).handle().get(0));
    }

    @ParameterizedTest(name = "{0} on {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"method\":\"get\"}                                | POST | /a?x=1      | GET /a?x=1",
        "{\"uri\":\"/new\"}                                  | GET  | /old?x=1    | GET /new?x=1",
        "{\"uri\":\"/new?y=2\"}                              | GET  | /old?x=1    | GET /new?y=2",
        "{\"uri\":\"?{query}&y=2\"}                          | GET  | /old?x=1    | GET /old?x=1&y=2",
        "{\"uri\":\"/v2{http.request.uri.path}\"}            | GET  | /users      | GET /v2/users",
        "{\"uri\":\"/x{nope.unknown}\"}                      | GET  | /a          | GET /x",
        "{\"strip_path_prefix\":\"/api\"}                    | GET  | /API/users  | GET /users",
        "{\"strip_path_prefix\":\"/api\"}                    | GET  | /other      | GET /other",
        "{\"strip_path_suffix\":\".html\"}                   | GET  | /page.html  | GET /page",
        "{\"uri_substring\":[{\"find\":\"old\",\"replace\":\"new\",\"limit\":1}]} | GET | /old/old | GET /new/old",
        "{\"uri_substring\":[{\"find\":\"old\",\"replace\":\"new\"}]}       | GET  | /a//old?q=old | GET /a/new?q=new",
        "{\"uri_substring\":[{\"find\":\"a//b\",\"replace\":\"c\"}]}       | GET  | /a//b        | GET /c",
        "{\"uri_substring\":[{\"find\":\"/x\",\"replace\":\"/y\"}]}        | GET  | /a/../x/x     | GET /y/y",
        "{\"uri\":\"/prefix{http.request.uri}\"}           | GET  | /a?q=x      | GET /prefix/a?q=x",
        "{\"uri\":\"/prefix{http.request.uri}?z=1\"}       | GET  | /a?q=x      | GET /prefix/a?z=1",
        "{\"path_regexp\":[{\"find\":\"^/u/(\\\\d+)\",\"replace\":\"/users/${1}\"}]} | GET | /u/42 | GET /users/42",
        "{\"query\":{\"rename\":[{\"key\":\"q\",\"val\":\"search\"}],\"delete\":[\"debug\"]}} | GET | /s?q=a&debug=1 | GET /s?search=a",
        "{\"query\":{\"set\":[{\"key\":\"a\",\"val\":\"9\"}],\"add\":[{\"key\":\"b\",\"val\":\"x y\"}]}} | GET | /s?a=1 | GET /s?a=9&b=x+y",
    })
    void rewrites(String json, String method, String target, String expected) throws Exception {
        int q = target.indexOf('?');
        Exchange ex = Exchange.builder().method(method).rawPath(q < 0 ? target : target.substring(0, q))
                .rawQuery(q < 0 ? "" : target.substring(q + 1)).host("h").build();
        Rewrite.Result r = rewrite(json).apply(ex);
        assertEquals(expected, r.method() + " " + r.rawPath() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery()));
    }
}
