package dev.heddle.handlers;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Caddy's {@code map} handler over real sockets, with the example of Caddy's `map` docs
 * (a host mapped to two destinations, exact and regexp inputs, null outputs falling through,
 * defaults) and the rules its Provision checks.
 */
class MapHandlerTest {
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        heddle = Heddle.withRoutes("""
                [{"handle": [
                  {"handler": "map", "source": "{http.request.host}",
                   "destinations": ["{my_placeholder}", "{magic_number}", "{http.request.method}"],
                   "mappings": [
                     {"input": "example.com", "outputs": ["some value", 3, "nope"]},
                     {"input": "foo.example.com", "outputs": ["another value", null, null]},
                     {"input_regexp": "(.*)\\\\.example\\\\.com$", "outputs": ["${1} subdomain", 5, null]},
                     {"input_regexp": ".*\\\\.net$", "outputs": [null, 7, null]},
                     {"input": "path.test", "outputs": ["{http.request.uri.path}", "$1", null]}],
                   "defaults": ["unknown domain", "42", "nope"]},
                  {"handler": "static_response", "body": "{my_placeholder}|{magic_number}|{http.request.method}"}]}]
                """);
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // host              | my_placeholder        | magic_number
        "example.com         | some value            | 3",
        "foo.example.com     | another value         | 5",
        "bar.example.com     | bar subdomain         | 5",
        "site.net            | unknown domain        | 7",
        "other.org           | unknown domain        | 42",
        "path.test           | /p                    | $1",
    })
    void mapsTheHost(String host, String mine, String magic) throws Exception {
        RawClient.Response r = RawClient.exchange(heddle.port(), "GET /p HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        // a destination naming a known placeholder ({http.request.method}) is not overridden, as in Caddy
        assertEquals(mine + "|" + magic + "|GET", r.bodyText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not a placeholder   | \"destinations\": [\"plain\"], \"mappings\": []                                                        | handle[0].destinations[0]",
        "outputs short       | \"destinations\": [\"{a}\", \"{b}\"], \"mappings\": [{\"input\": \"x\", \"outputs\": [\"1\"]}]         | handle[0].mappings[0].outputs",
        "input and regexp    | \"destinations\": [\"{a}\"], \"mappings\": [{\"input\": \"x\", \"input_regexp\": \"y\", \"outputs\": [\"1\"]}] | handle[0].mappings[0]",
        "input twice         | \"destinations\": [\"{a}\"], \"mappings\": [{\"input\": \"x\", \"outputs\": [\"1\"]}, {\"input\": \"x\", \"outputs\": [\"2\"]}] | handle[0].mappings[1]",
        "defaults short      | \"destinations\": [\"{a}\"], \"mappings\": [], \"defaults\": []                                       | handle[0].defaults",
        "bad regexp          | \"destinations\": [\"{a}\"], \"mappings\": [{\"input_regexp\": \"(\", \"outputs\": [\"1\"]}]            | handle[0].mappings[0].input_regexp",
    })
    void refusedAtLoadWithItsPath(String what, String fields, String path) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("""
                {"apps": {"http": {"servers": {"s": {"listen": [":1"], "routes": [{"handle": [{"handler": "map", "source": "{http.request.host}", %s}]}]}}}}}
                """.formatted(fields)));
        assertEquals(true, e.getMessage().contains("apps.http.servers.s.routes[0]." + path + ":"), what + ": " + e.getMessage());
    }

    @Test
    void aDestinationIsWorkedOutWhenRead() throws Exception {
        // vars set after the map changes what the map reads: the source is expanded lazily.
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [
                  {"handler": "map", "source": "{http.vars.tier}", "destinations": ["{price}"],
                   "mappings": [{"input": "gold", "outputs": ["10"]}], "defaults": ["99"]},
                  {"handler": "vars", "tier": "gold"},
                  {"handler": "static_response", "body": "{price}"}]}]
                """)) {
            assertEquals("10", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
        }
    }
}
