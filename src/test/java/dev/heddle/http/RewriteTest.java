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
        // rows found by mutation testing (issue 20); each is what Caddy 2's rewrite.go gives
        "{\"uri\":\"{http.request.uri.prefixed_query}\"}   | GET  | /a?q=x      | GET /a?q=x",
        "{\"uri_substring\":[{\"find\":\"/old\",\"replace\":\"/new\",\"limit\":1}]} | GET | /old/x | GET /new/x",
        "{\"uri_substring\":[{\"find\":\"a\",\"replace\":\"aa\",\"limit\":2}]}     | GET | /a     | GET /aa",
        "{\"uri\":\"/new\"}                                  | GET  | /old?a&b=%7e+ | GET /new?a&b=%7e+",
        "{\"uri\":\"?a=1&{query}\"}                          | GET  | /p          | GET /p?a=1",
        "{\"query\":{\"set\":[{\"key\":\"z\",\"val\":\"9\"}]}}                      | GET | /s?a=1&z=2 | GET /s?a=1&z=9",
        "{\"query\":{\"add\":[{\"key\":\"b\",\"val\":\"1\"}]}}                      | GET | /s         | GET /s?b=1",
        "{\"query\":{\"replace\":[{\"key\":\"q\",\"search\":\"a\",\"replace\":\"b\"}]}} | GET | /s?q=aa&r=a | GET /s?q=bb&r=a",
        "{\"query\":{\"replace\":[{\"key\":\"*\",\"search_regexp\":\"[0-9]+\",\"replace\":\"N\"}]}} | GET | /s?a=x1&b=22 | GET /s?a=xN&b=N",
        "{\"query\":{\"delete\":[\"x\"]}}                                   | GET | /s?=v&x=1  | GET /s?=v",
        "{\"query\":{\"delete\":[\"x\"]}}                                   | GET | /s?a=%zz&b=1;c=2&d=%41&x=1 | GET /s?d=A",
        "{\"query\":{\"delete\":[\"x\"]}}                                   | GET | /s?;a=1&x=1 | GET /s",
        // query ops as Caddy's queryOps.do: placeholders in the fields, keys sorted by url.Values.Encode,
        // a rename over an existing key, Go's query escaping, Go's ${N} in a regexp replacement
        "{\"query\":{\"set\":[{\"key\":\"p\",\"val\":\"{http.request.uri.path}\"}]}}       | GET | /s?b=1     | GET /s?b=1&p=%2Fs",
        "{\"query\":{\"add\":[{\"key\":\"{http.request.method}\",\"val\":\"{nope}\"}]}}   | GET | /s         | GET /s?GET=",
        "{\"query\":{\"add\":[{\"key\":\"a\",\"val\":\"1\"}]}}                            | GET | /s?c=3&b=2&c=1 | GET /s?a=1&b=2&c=3&c=1",
        "{\"query\":{\"rename\":[{\"key\":\"a\",\"val\":\"b\"}]}}                         | GET | /s?a=1&b=2 | GET /s?b=1",
        "{\"query\":{\"rename\":[{\"key\":\"x\",\"val\":\"b\"}]}}                         | GET | /s?a=1&b=2 | GET /s?a=1&b=2",
        "{\"query\":{\"add\":[{\"key\":\"t\",\"val\":\"~* \"}]}}                          | GET | /s         | GET /s?t=~%2A+",
        "{\"query\":{\"replace\":[{\"key\":\"q\",\"search_regexp\":\"(a)(b)\",\"replace\":\"${2}${1}\"}]}} | GET | /s?q=abab | GET /s?q=baba",
        "{\"query\":{\"replace\":[{\"key\":\"q\",\"search\":\"{x}\",\"replace\":\"y\"}]}} | GET | /s?q=a{x}b | GET /s?q=ayb",
        "{\"query\":{\"delete\":[\"{http.request.method}\"]}}                                  | GET | /s?GET=1&a=2 | GET /s?a=2",
    })
    void rewrites(String json, String method, String target, String expected) throws Exception {
        int q = target.indexOf('?');
        Exchange ex = Exchange.builder().method(method).rawPath(q < 0 ? target : target.substring(0, q))
                .rawQuery(q < 0 ? "" : target.substring(q + 1)).host("h").build();
        Rewrite.Result r = rewrite(json).apply(ex);
        assertEquals(expected, r.method() + " " + r.rawPath() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery()));
    }

    /** A query that comes in with a placeholder in the path part is the query, unless the template sets its own. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"uri\":\"/p{http.vars.target}\"}      | GET /p/x?y=2",
        "{\"uri\":\"/p{http.vars.target}?z=1\"}  | GET /p/x?z=1",
    })
    void aQueryFromAPlaceholder(String json, String expected) throws Exception {
        Exchange ex = Exchange.builder().method("GET").rawPath("/a").rawQuery("q=1").host("h").build();
        ex.setVar("target", "/x?y=2");
        Rewrite.Result r = rewrite(json).apply(ex);
        assertEquals(expected, r.method() + " " + r.rawPath() + (r.rawQuery().isEmpty() ? "" : "?" + r.rawQuery()));
    }
}
