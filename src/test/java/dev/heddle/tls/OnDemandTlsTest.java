package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On-demand TLS: a name that an {@code on_demand} automation policy covers gets its certificate
 * from the local CA at its first handshake (not at load), the same one at the next handshakes;
 * names the policy does not cover, or the permission endpoint refuses, fail the handshake.
 */
class OnDemandTlsTest {
    private static LocalCaDataDir data;

    @BeforeAll
    static void dataDir() throws Exception {
        data = LocalCaDataDir.create();
    }

    @AfterAll
    static void clean() throws Exception {
        data.close();
    }

    private static String config(String onDemand) {
        return "{\"apps\": {\"tls\": {\"automation\": {" + onDemand + "\"policies\": [{\"subjects\": [\"*.ondemand.test\"],"
                + " \"issuers\": [{\"module\": \"internal\"}], \"on_demand\": true}]}},"
                + " \"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"], \"automatic_https\": {\"disable_redirects\": true}, \"tls_connection_policies\": [{}],"
                + " \"routes\": [{\"handle\": [{\"handler\": \"static_response\", \"body\": \"{http.request.host}\"}]}]}}}}}";
    }

    /** A handshake for this name by a client that trusts only the local CA's root; the leaf presented. */
    private static X509Certificate handshake(int port, String name) throws Exception {
        SSLContext ctx = data.trustingRoot();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(name)));
            p.setEndpointIdentificationAlgorithm("HTTPS");  // the leaf must name the host
            p.setApplicationProtocols(new String[] {"http/1.1"});
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + name + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.endsWith("\r\n\r\n" + name), answer);
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void aCoveredNameGetsItsCertificateAtItsFirstHandshake() throws Exception {
        try (Heddle h = Heddle.start(config(""))) {
            X509Certificate first = handshake(h.port(), "a.ondemand.test");
            assertTrue(first.getSubjectAlternativeNames().stream().anyMatch(san -> san.get(1).equals("a.ondemand.test")),
                    "a leaf for the name asked: " + first.getSubjectAlternativeNames());
            assertEquals(first, handshake(h.port(), "a.ondemand.test"), "issued once, presented again");
            X509Certificate other = handshake(h.port(), "b.ondemand.test");
            assertTrue(!other.equals(first), "each name its own leaf");
            assertThrows(SSLException.class, () -> handshake(h.port(), "elsewhere.test"), "a name no on-demand policy covers");
        }
    }

    @Test
    void thePermissionEndpointDecides() throws Exception {
        try (RawUpstream ask = new RawUpstream((req, out, s) -> {
            String status = req.requestLine().startsWith("GET /check?domain=yes.ondemand.test ") ? "200 OK" : "403 Forbidden";
            out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        });
             Heddle h = Heddle.start(config("\"on_demand\": {\"permission\": {\"module\": \"http\", \"endpoint\": \"http://"
                     + ask.dial() + "/check\"}}, "))) {
            handshake(h.port(), "yes.ondemand.test");
            assertEquals("GET /check?domain=yes.ondemand.test HTTP/1.1", ask.takeRequest().requestLine());
            assertThrows(SSLException.class, () -> handshake(h.port(), "no.ondemand.test"), "refused by the endpoint");
            assertEquals("GET /check?domain=no.ondemand.test HTTP/1.1", ask.takeRequest().requestLine());
        }
    }

    @Test
    void openEndedOnDemandWithoutAPermissionIsRefusedUnlessTheIssuerIsInternal() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("{\"apps\": {\"tls\": {\"automation\":"
                + " {\"policies\": [{\"on_demand\": true}]}}}}"));
        assertTrue(e.getMessage().startsWith("apps.tls.automation.policies[0].on_demand: on-demand TLS cannot be enabled without a"
                + " permission module"), e.getMessage());
        ConfigException rate = assertThrows(ConfigException.class, () -> ConfigLoader.parse("{\"apps\": {\"tls\": {\"automation\":"
                + " {\"on_demand\": {\"rate_limit\": {\"interval\": \"1m\", \"burst\": 5}}, \"policies\": [{\"on_demand\": true,"
                + " \"issuers\": [{\"module\": \"internal\"}]}]}}}}"));
        assertTrue(rate.getMessage().startsWith("apps.tls.automation.on_demand.rate_limit:"), rate.getMessage());
    }
}
