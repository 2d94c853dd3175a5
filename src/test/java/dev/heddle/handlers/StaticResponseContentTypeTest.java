package dev.heddle.handlers;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Content-Type Caddy's {@code static_response} adds when nothing set one (staticresp.go):
 * JSON objects and arrays as {@code application/json}, any other non-empty body as text, none for
 * an empty body, and never over a type configured or set by an earlier handler.
 */
class StaticResponseContentTypeTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // what                          | handler fields                                                       | Content-Type
        "plain text                      | \"body\": \"hello\"                                                  | text/plain; charset=utf-8",
        "a JSON object                   | \"body\": \"{\\\"a\\\": [1, 2]}\"                                    | application/json",
        "a JSON array with whitespace    | \"body\": \"  [1, {\\\"b\\\": null}]\\n\"                            | application/json",
        "braces around no JSON           | \"body\": \"{not json}\"                                             | text/plain; charset=utf-8",
        "two JSON values                 | \"body\": \"{} {}\"                                                  | text/plain; charset=utf-8",
        "an empty array is too short     | \"body\": \"[]\"                                                     | text/plain; charset=utf-8",
        "a body from placeholders        | \"body\": \"{\\\"m\\\": \\\"{http.request.method}\\\"}\"             | application/json",
        "an empty body gets none         | \"status_code\": 204                                                 | NONE",
        "a configured type wins          | \"body\": \"{}x\", \"headers\": {\"Content-Type\": [\"text/html\"]}  | text/html",
    })
    void implicitType(String what, String fields, String contentType) throws Exception {
        try (Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"static_response\", " + fields + "}]}]")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(contentType, r.header("Content-Type"), what);
        }
    }

    @ParameterizedTest(name = "set by an earlier headers handler: {0}")
    @CsvSource({"text/csv"})
    void anEarlierHandlersTypeWins(String type) throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [{"handler": "headers", "response": {"set": {"Content-Type": ["%s"]}}},
                             {"handler": "static_response", "body": "a,b"}]}]
                """.formatted(type))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(type, r.header("Content-Type"));
        }
    }
}
