package dev.heddle.http;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Placeholders that come from the connection and the response under way, over a real socket. */
class ConnectionPlaceholdersTest {
    @Test
    void localAddressAndResponseHeaders() throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [{"handler": "static_response", "headers": {"X-Set": ["v1", "v2"]},
                  "body": "{http.request.local}|{http.request.local.host}|{http.request.local.port}|{http.response.header.X-Set}|{http.response.header.Nope}|"}]}]
                """)) {
            String body = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText();
            assertEquals("127.0.0.1:" + h.port() + "|127.0.0.1|" + h.port() + "|v1,v2||", body);
        }
    }
}
