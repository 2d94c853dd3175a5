package dev.heddle.http;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Routes and matchers over real sockets: one row per matcher (matching and not), OR of sets,
 * AND within a set, {@code not}, terminal routes, groups, subroutes and error routes. Each
 * route answers with its own name so the row says which route ran.
 */
class RoutingTest {
    private static Heddle heddle;

    private static String respond(String body) {
        return "{\"handler\":\"static_response\",\"body\":\"" + body + "\"}";
    }

    private static String route(String match, String body) {
        return "{\"match\":[" + match + "],\"handle\":[" + respond(body) + "],\"terminal\":true}";
    }

    @BeforeAll
    static void start() throws Exception {
        String routes = "[" + String.join(",",
                route("{\"host\":[\"*.example.test\"]}", "host-wildcard"),
                route("{\"path\":[\"/api/*\"]}", "path-prefix"),
                route("{\"path\":[\"*.php\"]}", "path-suffix"),
                route("{\"path_regexp\":{\"name\":\"id\",\"pattern\":\"^/items/(\\\\d+)$\"}}", "item-{http.regexp.id.1}"),
                route("{\"method\":[\"DELETE\"]}", "method"),
                route("{\"header\":{\"X-Mode\":[\"beta*\"]}}", "header-glob"),
                route("{\"header_regexp\":{\"X-Ver\":{\"name\":\"v\",\"pattern\":\"^v(\\\\d+)$\"}}}", "header-regexp-{http.regexp.v.1}"),
                route("{\"query\":{\"debug\":[\"*\"]}}", "query"),
                route("{\"remote_ip\":{\"ranges\":[\"10.0.0.0/8\"]}}", "remote-ip-never"),
                route("{\"path\":[\"/rip\"],\"remote_ip\":{\"ranges\":[\"127.0.0.0/8\"]}}", "remote-ip"),
                route("{\"path\":[\"/cip\"],\"client_ip\":{\"ranges\":[\"127.0.0.1\"]}}", "client-ip"),
                route("{\"path\":[\"/proto\"],\"protocol\":\"http\"}", "protocol-http"),
                route("{\"path\":[\"/and\"],\"method\":[\"PUT\"]}", "and"),
                route("{\"path\":[\"/or-a\"]},{\"path\":[\"/or-b\"]}", "or"),
                route("{\"path\":[\"/not/*\"],\"not\":[{\"path\":[\"/not/excluded\"]}]}", "not"),
                "{\"group\":\"g\",\"match\":[{\"path\":[\"/group\"]}],\"handle\":[{\"handler\":\"subroute\",\"routes\":[]}]}",
                "{\"group\":\"g\",\"match\":[{\"path\":[\"/group\"]}],\"handle\":[" + respond("group-second-must-not-run") + "]}",
                route("{\"path\":[\"/group\"]}", "after-group"),
                "{\"match\":[{\"path\":[\"/sub/*\"]}],\"handle\":[{\"handler\":\"subroute\",\"routes\":["
                        + route("{\"path\":[\"/sub/a\"]}", "sub-a") + "]}]}",
                route("{\"path\":[\"/sub/*\"]}", "sub-fallthrough"),
                route("{\"path\":[\"/fail\"]}", "unused"),
                "{\"match\":[{\"path\":[\"/error\"]}],\"handle\":[{\"handler\":\"static_response\",\"status_code\":\"{http.request.header.X-Status}\"}]}")
                + "]";
        // /error renders an invalid status (empty) → handler error 500 → the error route answers.
        String json = """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": %s,
                  "errors": {"routes": [{"handle": [{"handler": "static_response", "status_code": "{http.error.status_code}",
                     "body": "error route: {http.error.status_code}"}]}]}}}}}}""".formatted(routes);
        heddle = Heddle.start(json);
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    @ParameterizedTest(name = "{0} {1} {2} → {4}")
    @CsvSource(delimiter = '|', value = {
        "GET    | /x                 | a.example.test |                  | host-wildcard",
        "GET    | /x                 | a.b.example.test |                | ''",
        "GET    | /api/users         | h              |                  | path-prefix",
        "GET    | /API/users         | h              |                  | path-prefix",
        "GET    | /api               | h              |                  | ''",
        "GET    | /index.php         | h              |                  | path-suffix",
        "GET    | /items/42          | h              |                  | item-42",
        "GET    | /items/x42         | h              |                  | ''",
        "DELETE | /anything          | h              |                  | method",
        "GET    | /h                 | h              | X-Mode: beta-2   | header-glob",
        "GET    | /h                 | h              | X-Mode: alpha    | ''",
        "GET    | /h                 | h              | X-Ver: v7        | header-regexp-7",
        "GET    | /q?debug=1         | h              |                  | query",
        "GET    | /q?other=1         | h              |                  | ''",
        "GET    | /rip               | h              |                  | remote-ip",
        "GET    | /cip               | h              |                  | client-ip",
        "GET    | /proto             | h              |                  | protocol-http",
        "PUT    | /and               | h              |                  | and",
        "GET    | /and               | h              |                  | ''",
        "GET    | /or-a               | h              |                  | or",
        "GET    | /or-b               | h              |                  | or",
        "GET    | /not/included      | h              |                  | not",
        "GET    | /not/excluded      | h              |                  | ''",
        "GET    | /group             | h              |                  | after-group",
        "GET    | /sub/a             | h              |                  | sub-a",
        "GET    | /sub/b             | h              |                  | sub-fallthrough",
        "GET    | /error             | h              |                  | error route: 500",
    })
    void routeThatRuns(String method, String target, String host, String header, String expected) throws Exception {
        String extra = header == null ? "" : header + "\r\n";
        RawClient.Response res = RawClient.exchange(heddle.port(),
                method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + extra + "Connection: close\r\n\r\n");
        assertEquals(expected, res.bodyText());
        assertEquals(expected.startsWith("error route") ? 500 : 200, res.status());
    }
}
