package dev.heddle.http.matchers;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.config.ConfigException;
import dev.heddle.config.MatcherSetConfig;
import dev.heddle.config.Node;
import dev.heddle.http.Exchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Matchers table-style, with Caddy's edge cases (matchers.go and matchers_test.go). */
class MatchersTest {
    private static RequestMatcher compile(String setJson) throws Exception {
        return Matchers.compile(MatcherSetConfig.parse(Node.root(new ObjectMapper().readTree(setJson))));
    }

    private static Exchange request(String rawPath, String rawQuery, String host, String header) {
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        if (header != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            h.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        return Exchange.builder().rawPath(rawPath).rawQuery(rawQuery).host(host == null ? "" : host).headers(h).build();
    }

    @ParameterizedTest(name = "path {0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "/foo          | /foo           | true",
        "/foo          | /FOO           | true",
        "/foo          | /foo/          | false",
        "/foo/*        | /foo/bar       | true",
        "/foo/*        | /foo           | false",
        "/foo*         | /foobar        | true",
        "*.php         | /a/b/index.php | true",
        "*.PHP         | /index.php     | true",
        "*bar*         | /foo/bar/baz   | true",
        "/a/*/c        | /a/b/c         | true",
        "/a/*/c        | /a/b/x/c       | false",
        "/a/b          | /a//b          | true",
        "/a//b         | /a//b          | true",
        "/a//b         | /a/b           | false",
        "/admin/*      | /public/../admin/x | true",
        "/admin/*      | /%61dmin/x     | true",
        "/foo/bar      | /foo%2Fbar     | true",
        "/foo%2Fbar    | /foo%2Fbar     | true",
        "/foo%2Fbar    | /foo/bar       | false",
        "/foo%2fbar    | /foo%2Fbarbaz  | false",
        "/file[0-9].txt| /file7.txt     | true",
        "/file?.txt    | /file10.txt    | false",
        "*             | /anything      | true",
        "/a/*/b*       | /a/x/bc        | true",
        // Caddy's escaped-pattern cases (matchers_test.go, TestPathMatcher)
        "/foo//*       | /foo/%2Fbar    | true",
        "/foo/%2F*     | /foo/%2Fbar    | true",
        "/foo/%2F*     | /foo//bar      | false",
        "/foo/*//bar   | /foo///bar     | true",
        "/foo/%*//bar  | /foo///bar     | true",
        "/foo/%*//bar  | /foo//%2Fbar   | true",
        "/foo*         | /%2F/foo       | true",
        "**            | /              | true",
        "**            | /foo/bar       | true",
        "/%25@.txt     | /%25@.txt      | true",
        "/%25@.txt     | /%25%40.txt    | true",
        "/%25%40.txt   | /%25%40.txt    | true",
        "/bands/*/*    | /bands/AC%2FDC/T.N.T | false",
        "/bands/%*/%*  | /bands/AC%2FDC/T.N.T | true",
        "/bands/%*/%*  | /bands/AC/DC/T.N.T   | false",
        "/bands/%*     | /bands/AC/DC   | false",
        "/bands/%*     | /bands/AC%2FDC | true",
        "/foo%2fbar/baz | /foo%2Fbar/baz | true",
        "/foo%2fbar/baz | /foo/bar/baz  | false",
        "/foo/bar/baz  | /foo%2fbar/baz | true",
        "/admin%2fpanel | /ADMIN%2fpanel | true",
        "/admin%2fpa*el | /ADMIN%2fPaAzZLm123NEL | true",
        "/foo%2f       | /foo%2fx       | false",
        "/admin%2fpanel | /admin%2fpanelX | false",
        // the escaped walk at the ends of the path and the pattern
        "/foo%2fbar    | /foo           | false",
        "/a%2f         | /a%2F          | true",
        "/a%2          | /a%2           | true",
        "/a%           | /ab            | false",
        "/a%25         | /a%            | false",
        "/bands/%*/x   | /bands/AC%2FDC | false",
    })
    void path(String pattern, String rawPath, boolean expected) throws Exception {
        assertEquals(expected, compile("{\"path\":[\"" + pattern + "\"]}").matches(request(rawPath, "", "h", null)));
    }

    @ParameterizedTest(name = "host {0} ~ {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "example.com    | example.com:8080 | true",
        "example.com    | EXAMPLE.com      | true",
        "*.example.com  | a.example.com    | true",
        "*.example.com  | a.b.example.com  | false",
        "*.example.com  | example.com      | false",
        "a.*.com        | a.b.com          | true",
        "localhost      | [::1]:80         | false",
        "::1            | [::1]:80         | true",
    })
    void host(String pattern, String host, boolean expected) throws Exception {
        assertEquals(expected, compile("{\"host\":[\"" + pattern + "\"]}").matches(request("/", "", host, null)));
    }

    @ParameterizedTest(name = "header {0} with {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"X-A\":[\"v\"]}          | X-A: v          | true",
        "{\"x-a\":[\"v\"]}          | X-A: v          | true",
        "{\"X-A\":[\"V\"]}          | X-A: v          | false",
        "{\"X-A\":[\"v*\"]}         | X-A: value      | true",
        "{\"X-A\":[\"*ue\"]}        | X-A: value      | true",
        "{\"X-A\":[\"*al*\"]}       | X-A: value      | true",
        "{\"X-A\":[\"*\"]}          | X-A: anything   | true",
        "{\"X-A\":[\"no\",\"v\"]}   | X-A: v          | true",
        "{\"X-A\":[]}               | X-A: anything   | true",
        "{\"X-A\":[]}               |                 | false",
        "{\"X-A\":null}             |                 | true",
        "{\"X-A\":null}             | X-A: v          | false",
        "{\"Host\":[\"*.test\"]}    |                 | true",
    })
    void header(String fields, String header, boolean expected) throws Exception {
        assertEquals(expected, compile("{\"header\":" + fields + "}").matches(request("/", "", "a.test", header)));
    }

    @ParameterizedTest(name = "query {0} with ?{1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "{\"a\":[\"1\"]}            | a=1          | true",
        "{\"a\":[\"1\"]}            | a=2&a=1      | true",
        "{\"a\":[\"1\"]}            | a=2          | false",
        "{\"a\":[\"*\"]}            | a=           | true",
        "{\"a\":[\"*\"]}            | b=1          | false",
        "{\"a\":[\"x y\"]}          | a=x+y        | true",
        "{\"a\":[\"1\"],\"b\":[\"2\"]} | a=1&b=2   | true",
        "{\"a\":[\"1\"],\"b\":[\"2\"]} | a=1       | false",
        "{}                         | ''           | true",
        "{}                         | a=1          | false",
    })
    void query(String params, String query, boolean expected) throws Exception {
        assertEquals(expected, compile("{\"query\":" + params + "}").matches(request("/", query, "h", null)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"method\":[\"GET\",\"HEAD\"]}                                   | true",
        "{\"method\":[\"get\"]}                                            | true",
        "{\"method\":[\"POST\"]}                                           | false",
        "{\"remote_ip\":{\"ranges\":[\"127.0.0.0/8\"]}}                    | true",
        "{\"remote_ip\":{\"ranges\":[\"10.0.0.0/8\",\"::1\"]}}             | false",
        "{\"client_ip\":{\"ranges\":[\"private_ranges\"]}}                 | true",
        "{\"protocol\":\"http\"}                                           | true",
        "{\"protocol\":\"https\"}                                          | false",
        "{\"protocol\":\"http/1.1\"}                                       | true",
        "{\"protocol\":\"http/1.0+\"}                                      | true",
        "{\"protocol\":\"http/1.0\"}                                       | false",
        "{\"protocol\":\"http/2+\"}                                        | false",
        "{\"protocol\":\"http/2\"}                                         | false",
        "{\"protocol\":\"HTTP/1.1\"}                                       | false",
        "{\"protocol\":\"h1\"}                                             | false",
        "{\"protocol\":\"grpc\"}                                           | false",
        "{\"not\":[{\"method\":[\"POST\"]}]}                               | true",
        "{\"not\":[{\"method\":[\"GET\"]},{\"method\":[\"POST\"]}]}        | false",
        "{\"method\":[\"GET\"],\"path\":[\"/x\"]}                          | true",
        "{\"method\":[\"GET\"],\"path\":[\"/y\"]}                          | false",
        "{\"path_regexp\":{\"pattern\":\"^/X\"}}                           | false",
        "{\"vars\":{\"{}\":[\"\"]}}                                         | true",
        "{\"vars_regexp\":{\"{http.request.uri.path}\":{\"pattern\":\"^/x$\"}}} | true",
        "{\"vars_regexp\":{\"{http.request.uri.path}\":{\"pattern\":\"^/y$\"}}} | false",
        "{\"header_regexp\":{\"Host\":{\"pattern\":\"^h$\"}}}             | true",
        "{\"header_regexp\":{\"Host\":{\"pattern\":\"^x$\"}}}             | false",
    })
    void others(String set, boolean expected) throws Exception {
        assertEquals(expected, compile(set).matches(request("/x", "", "h", null)));
    }

    @org.junit.jupiter.api.Test
    void pathRegexpPublishesCaptures() throws Exception {
        Exchange ex = request("/items/42/edit", "", "h", null);
        assertEquals(true, compile("{\"path_regexp\":{\"name\":\"item\",\"pattern\":\"^/items/(?<id>\\\\d+)/(\\\\w+)$\"}}").matches(ex));
        assertEquals("42", ex.var("http.regexp.item.1"));
        assertEquals("edit", ex.var("http.regexp.item.2"));
        assertEquals("42", ex.var("http.regexp.item.id"));
        assertEquals("/items/42/edit", ex.var("http.regexp.0"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"paht\":[\"/x\"]}                         | paht: unknown matcher \"paht\"",
        "{\"expression\":\"path('/x')\"}             | expression: is a Caddy matcher that Heddle does not support yet",
        "{\"path\":[]}                               | path: needs at least one value",
        "{\"path\":\"/x\"}                           | path: must be an array, not \"/x\"",
        "{\"path_regexp\":{\"pattern\":\"(\"}}       | path_regexp.pattern: is not a valid regular expression: Unclosed group",
        "{\"remote_ip\":{\"ranges\":[\"10.0.0.300\"]}} | remote_ip.ranges[0]: \"10.0.0.300\" is not an IP address or CIDR range",
        "{\"remote_ip\":{\"ranges\":[\"::1\"],\"forwarded\":true}} | remote_ip.forwarded: was removed from Caddy's remote_ip; use the client_ip matcher with the server's trusted_proxies",
        "{\"not\":[{\"methd\":[\"GET\"]}]}           | not[0].methd: unknown matcher \"methd\"",
    })
    void badMatchersNameTheirPath(String set, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> compile(set));
        assertEquals(message, e.getMessage());
    }

    /** Caddy's protocol versions, each also with "+" for "this one or newer" (HTTP/2 and 3 as Caddy names them). */
    @ParameterizedTest(name = "{0} on HTTP/{1} = {2}")
    @CsvSource({
        "http/1.0,  1.0, true", "http/1.0+, 1.0, true", "http/1.1+, 1.0, false", "http/1.1,  1.0, false",
        "http/1.1,  1.1, true", "http/1.1+, 1.1, true", "http/2+,   1.1, false",
        "http/2,    2.0, true", "http/2+,   2.0, true", "http/1.1+, 2.0, true", "http/3,    2.0, false", "http/3+,   2.0, false",
        "http/2,    2,   true", "http/3,    3,   true", "http/3+,   3.0, true", "http/2+,   3,   true", "http/2,    3.0, false",
    })
    void protocolVersions(String protocol, String version, boolean expected) throws Exception {
        Exchange ex = Exchange.builder().rawPath("/").host("h").protocolVersion(version).build();
        assertEquals(expected, compile("{\"protocol\":\"" + protocol + "\"}").matches(ex));
    }

    /** remote_ip is the direct peer, client_ip the client behind trusted proxies. */
    @org.junit.jupiter.api.Test
    void remoteIpIsThePeerAndClientIpTheClient() throws Exception {
        Exchange ex = Exchange.builder().rawPath("/").host("h").remote(java.net.InetAddress.getByName("10.0.0.1"), 1234)
                .clientAddress(java.net.InetAddress.getByName("203.0.113.9")).build();
        assertEquals(true, compile("{\"remote_ip\":{\"ranges\":[\"10.0.0.0/8\"]}}").matches(ex));
        assertEquals(false, compile("{\"remote_ip\":{\"ranges\":[\"203.0.113.0/24\"]}}").matches(ex));
        assertEquals(true, compile("{\"client_ip\":{\"ranges\":[\"203.0.113.0/24\"]}}").matches(ex));
        assertEquals(false, compile("{\"client_ip\":{\"ranges\":[\"10.0.0.0/8\"]}}").matches(ex));
    }

    /** header_regexp: every field must match; its captures are published under the matcher's name. */
    @org.junit.jupiter.api.Test
    void headerRegexpMatchesEachFieldAndPublishesCaptures() throws Exception {
        Exchange ex = request("/", "", "h", "X-A: v7");
        assertEquals(true, compile("{\"header_regexp\":{\"X-A\":{\"name\":\"n\",\"pattern\":\"^v(\\\\d)$\"}}}").matches(ex));
        assertEquals("7", ex.var("http.regexp.n.1"));
        assertEquals(false, compile("{\"header_regexp\":{\"X-A\":{\"pattern\":\"^v\"},\"X-B\":{\"pattern\":\"^.\"}}}")
                .matches(request("/", "", "h", "X-A: v7")), "X-B is absent: its empty value must match too, and does not");
    }

    /** A route's matcher sets are OR'ed: any one set matching is enough. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "[{\"method\":[\"POST\"]},{\"path\":[\"/x\"]}]   | true",
        "[{\"path\":[\"/x\"]},{\"method\":[\"POST\"]}]   | true",
        "[{\"method\":[\"POST\"]},{\"path\":[\"/y\"]}]   | false",
        "[]                                                      | true",
    })
    void setsAreOred(String sets, boolean expected) throws Exception {
        java.util.List<MatcherSetConfig> parsed = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode set : new ObjectMapper().readTree(sets)) {
            parsed.add(MatcherSetConfig.parse(Node.root(set)));
        }
        assertEquals(expected, Matchers.compileAny(parsed).matches(request("/x", "", "h", null)));
    }

    /** A protocol value Caddy does not know loads (and matches nothing), with a warning naming Caddy's values. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"h1, true", "HTTP/1.1, true", "http/2+, false", "grpc, false"})
    void anUnknownProtocolIsWarnedAbout(String protocol, boolean warned) throws Exception {
        try (dev.heddle.testing.LogCapture log = new dev.heddle.testing.LogCapture("dev.heddle.config")) {
            compile("{\"protocol\":\"" + protocol + "\"}");
            java.util.List<String> warnings = log.messages(java.util.logging.Level.WARNING, java.util.logging.Level.SEVERE);
            assertEquals(warned ? java.util.List.of("protocol matcher \"" + protocol + "\" matches no request (Caddy's values: "
                    + "http, https, grpc, http/1.0, http/1.1, http/2, http/3, each also with +)") : java.util.List.of(), warnings);
        }
    }
}
