package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.config.ServerConfig;
import dev.heddle.testing.FreePorts;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Automatic HTTPS's redirects: the routes Caddy generates on the HTTP port of a TLS server. */
class AutomaticHttpsTest {
    private static String config(int tlsPort, int httpPort, String cert, String key, String extraServers, String automatic) {
        return "{\"apps\": {\"tls\": {\"certificates\": {\"load_files\": [{\"certificate\": \"" + cert + "\", \"key\": \"" + key + "\"}]}},"
                + " \"http\": {\"http_port\": " + httpPort + ", \"servers\": {\"secure\": {\"listen\": [\"127.0.0.1:" + tlsPort + "\"],"
                + " \"tls_connection_policies\": []" + automatic + ", \"routes\": [{\"match\": [{\"host\": [\"example.test\"]}],"
                + " \"handle\": [{\"handler\": \"static_response\", \"body\": \"secure\"}]}]}" + extraServers + "}}}}";
    }

    @Test
    void plainHttpIsRedirectedTo308Https() throws Exception {
        try (TestCertificates pki = new TestCertificates("Redirect CA")) {
            TestCertificates.Issued cert = pki.server("example", null, "example.test");
            // Both ports must be fixed numbers (the redirect names them): a port taken meanwhile is retried with others.
            int[] ports = new int[2];
            try (Heddle h = FreePorts.startOnFreePorts(2, free -> {
                System.arraycopy(free, 0, ports, 0, 2);
                return Heddle.startOnNamedPorts(config(free[0], free[1], cert.certificate().toString(), cert.key().toString(), "", ""));
            })) {
                int tlsPort = ports[0];
                int httpPort = ports[1];
                RawClient.Response known = RawClient.exchange(httpPort,
                        "GET /path?q=1&r=%20 HTTP/1.1\r\nHost: example.test\r\n\r\n");
                assertEquals(308, known.status());
                // The HTTPS listener is on neither 443 nor the http_port: its port is in the redirect.
                assertEquals("https://example.test:" + tlsPort + "/path?q=1&r=%20", known.header("Location"));
                assertEquals("close", known.header("Connection"));
                RawClient.Response other = RawClient.exchange(httpPort, "GET /x HTTP/1.1\r\nHost: other.test:" + httpPort + "\r\n\r\n");
                assertEquals(308, other.status());
                assertEquals("https://other.test/x", other.header("Location"), "the catch-all goes to https_port (443): no port");
            }
        }
    }

    @Test
    void theRoutesJoinAServerAlreadyOnTheHttpPortOrAreLeftOut() throws ConfigException {
        String plain = ", \"plain\": {\"listen\": [\"127.0.0.1:8080\"], \"routes\": [{\"match\": [{\"host\": [\"a.test\"]}], \"handle\": ["
                + "{\"handler\": \"static_response\", \"body\": \"a\"}]}, {\"handle\": [{\"handler\": \"static_response\", \"body\": \"rest\"}]}]}";
        HeddleConfig joined = ConfigLoader.parse(config(8443, 8080, "c.pem", "k.pem", plain, ""));
        assertFalse(joined.servers().containsKey("remaining_auto_https_redirects"));
        ServerConfig p = joined.servers().get("plain");
        assertEquals(4, p.routes().size(), "a.test, the redirect for example.test after it, the rest, the catch-all last");
        assertTrue(p.routes().get(1).toString().contains("example.test"), p.routes().get(1).toString());
        assertTrue(p.routes().get(3).toString().contains("protocol"), p.routes().get(3).toString());

        HeddleConfig own = ConfigLoader.parse(config(8443, 8080, "c.pem", "k.pem", "", ""));
        assertEquals("127.0.0.1:8080", own.servers().get("remaining_auto_https_redirects").listen().get(0).toString());

        for (String off : new String[] {", \"automatic_https\": {\"disable_redirects\": true}", ", \"automatic_https\": {\"disable\": true}"}) {
            assertNull(ConfigLoader.parse(config(8443, 8080, "c.pem", "k.pem", "", off)).servers().get("remaining_auto_https_redirects"), off);
        }
    }

    @Test
    void aServerOnTheHttpsPortWithoutPoliciesGetsTls() throws ConfigException {
        String json = "{\"apps\": {\"http\": {\"https_port\": 8443, \"servers\": {\"s\": {\"listen\": [\":8443\"], \"routes\": []},"
                + " \"off\": {\"listen\": [\":9443\"], \"routes\": []}, \"disabled\": {\"listen\": [\"127.0.0.1:8443\"],"
                + " \"automatic_https\": {\"disable\": true}, \"routes\": []}}}}}";
        HeddleConfig c = ConfigLoader.parse(json);
        assertTrue(c.servers().get("s").tls() != null, "all its listeners are on https_port: TLS, as Caddy");
        assertNull(c.servers().get("off").tls(), "another port: plain");
        assertNull(c.servers().get("disabled").tls(), "automatic HTTPS disabled: plain");
    }
}
