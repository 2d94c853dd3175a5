package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The server's {@code client_ip_headers} and {@code trusted_proxies_strict}, over real sockets:
 * behind a trusted proxy (the test client, 127.0.0.1) the client is the left-most address of the
 * first client IP header that names one, or with strict the right-most address that is not a
 * trusted proxy itself (Caddy's trustedRealClientIP). Each server answers with
 * {@code {http.request.client_ip}}.
 */
class ClientIpTest {
    private static Heddle heddle;

    private static String server(String extra) {
        return "{\"listen\": [\"127.0.0.1:0\"], \"trusted_proxies\": {\"source\": \"static\", \"ranges\": [\"127.0.0.0/8\", \"10.0.0.0/8\"]}"
                + extra + ", \"routes\": [{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.request.client_ip}\"}]}]}";
    }

    @BeforeAll
    static void start() throws Exception {
        heddle = Heddle.start("{\"apps\": {\"http\": {\"servers\": {"
                + "\"lax\": " + server("") + ", "
                + "\"strict\": " + server(", \"trusted_proxies_strict\": true") + ", "
                + "\"headers\": " + server(", \"client_ip_headers\": [\"X-Client\", \"X-Real-IP\"]")
                + "}}}}");
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "lax     | X-Forwarded-For: 203.0.113.9, 198.51.100.7, 10.0.0.1   | 203.0.113.9",
        "strict  | X-Forwarded-For: 203.0.113.9, 198.51.100.7, 10.0.0.1   | 198.51.100.7",
        "strict  | X-Forwarded-For: 203.0.113.9, 198.51.100.7              | 198.51.100.7",
        "lax     | X-Other: 1                                             | 127.0.0.1",
        "headers | X-Forwarded-For: 203.0.113.9                           | 127.0.0.1",
        "headers | X-Real-IP: 192.0.2.5                                   | 192.0.2.5",
        "headers | X-Client: 192.0.2.1                                    | 192.0.2.1",
    })
    void theClientIsTakenFromTheConfiguredHeaders(String server, String header, String client) throws Exception {
        RawClient.Response res = RawClient.exchange(heddle.port(server),
                "GET / HTTP/1.1\r\nHost: h\r\n" + header + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, res.status());
        assertEquals(client, res.bodyText());
    }

    /** Both headers sent: the first of client_ip_headers that names an address wins. */
    @org.junit.jupiter.api.Test
    void theFirstConfiguredHeaderWins() throws Exception {
        RawClient.Response res = RawClient.exchange(heddle.port("headers"),
                "GET / HTTP/1.1\r\nHost: h\r\nX-Real-IP: 192.0.2.5\r\nX-Client: 192.0.2.1\r\nConnection: close\r\n\r\n");
        assertEquals("192.0.2.1", res.bodyText());
    }
}
