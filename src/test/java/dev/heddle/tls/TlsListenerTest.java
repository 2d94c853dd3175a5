package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS termination: several host names on one port, each answered with its own loaded
 * certificate chosen by SNI (exact, then wildcard), no SNI taking default_sni, an unknown name
 * failing the handshake as in Caddy, certificate_selection by tag, client certificates required
 * and verified, and policies that differ in ALPN (listener-wide in Heddle) refused at load.
 */
class TlsListenerTest {
    private static TestCertificates pki;
    private static TestCertificates.Issued a;
    private static TestCertificates.Issued b;
    private static TestCertificates.Issued c;
    private static TestCertificates.Issued wild;
    private static TestCertificates.Issued client;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestCertificates("Heddle TLS Test CA");
        a = pki.server("a", "Org A", "a.test");
        b = pki.serverRsa("b", "b.test");
        c = pki.server("c", null, "c.test");
        wild = pki.server("wild", null, "*.wild.test");
        client = pki.client("client", "heddle-client");
    }

    @AfterAll
    static void clean() {
        pki.close();
    }

    private static String loadFiles(TestCertificates.Issued... certs) {
        StringBuilder out = new StringBuilder("[");
        for (TestCertificates.Issued i : certs) {
            out.append(out.length() > 1 ? "," : "").append("{\"certificate\":\"").append(i.certificate()).append("\",\"key\":\"")
                    .append(i.key()).append("\"}");
        }
        return out.append("]").toString();
    }

    private static String config(String certificates, String policies) {
        return "{\"apps\": {\"tls\": {\"certificates\": " + certificates + "}, \"http\": {\"servers\": {\"srv0\": {"
                + "\"listen\": [\"127.0.0.1:0\"], \"automatic_https\": {\"disable_redirects\": true}, \"tls_connection_policies\": " + policies + ", \"routes\": [{\"handle\": [{"
                + "\"handler\": \"static_response\", \"body\": \"{http.request.scheme} {http.request.host}\"}]}]}}}}}";
    }

    /** A TLS connection with this SNI (null: none), one request; the presented leaf and the answer. */
    private record Answer(X509Certificate leaf, RawClient.Response response) {
    }

    /**
     * A new client context per connection: a JDK client resumes sessions per host and port, and
     * every name here is 127.0.0.1:port, so a shared one would resume a.test's session for b.test
     * (real clients key their session caches by host name).
     */
    private static Answer get(int port, String sni, java.util.concurrent.Callable<SSLContext> contexts) throws Exception {
        SSLContext ctx = contexts.call();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            p.setApplicationProtocols(new String[] {"http/1.1"});  // this client speaks HTTP/1.1 (h2 is Http2Test's)
            s.setSSLParameters(p);
            s.startHandshake();
            X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + (sni == null ? "127.0.0.1" : sni)
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new Answer(leaf, RawClient.read(s.getInputStream(), false));
        }
    }

    @Test
    void eachHostNameGetsItsOwnCertificateOnOnePort() throws Exception {
        try (Heddle h = Heddle.start(config("{\"load_files\": " + loadFiles(a, b, c, wild) + "}", "[{\"default_sni\": \"a.test\"}]"))) {
            java.util.concurrent.Callable<SSLContext> trusting = () -> pki.clientContext(null);
            for (var row : List.of(List.of("a.test", a), List.of("b.test", b), List.of("c.test", c), List.of("x.wild.test", wild))) {
                String name = (String) row.get(0);
                Answer answer = get(h.port(), name, trusting);
                assertEquals(((TestCertificates.Issued) row.get(1)).cert(), answer.leaf(), name + " is answered with its own certificate");
                assertEquals("https " + name, answer.response().bodyText());
            }
            assertEquals(a.cert(), get(h.port(), null, trusting).leaf(), "no SNI: default_sni's certificate");
            // Caddy has no certificate for a name nothing covers: the handshake fails.
            assertThrows(SSLException.class, () -> get(h.port(), "unknown.test", trusting));
            assertThrows(SSLException.class, () -> get(h.port(), "deeper.x.wild.test", trusting), "a wildcard covers one label");
        }
    }

    @Test
    void curlResolvesEachNameToItsCertificate() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(java.nio.file.Path.of("/usr/bin/curl")), "curl is not installed");
        try (Heddle h = Heddle.start(config("{\"load_files\": " + loadFiles(a, b, c) + "}", "[]"))) {
            for (String name : List.of("a.test", "b.test", "c.test")) {
                Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", "--cacert", pki.caFile().toString(),
                        "--resolve", name + ":" + h.port() + ":127.0.0.1", "-w", " %{ssl_verify_result}",
                        "https://" + name + ":" + h.port() + "/").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                assertEquals("https " + name + " 0", out, "curl verified " + name + "'s certificate and got the answer");
            }
        }
    }

    @Test
    void certificateSelectionPicksByTag() throws Exception {
        TestCertificates.Issued older = pki.server("a-old", null, "a.test");
        String files = "[{\"certificate\":\"" + older.certificate() + "\",\"key\":\"" + older.key() + "\",\"tags\":[\"old\"]},"
                + "{\"certificate\":\"" + a.certificate() + "\",\"key\":\"" + a.key() + "\",\"tags\":[\"new\",\"current\"]}]";
        java.util.concurrent.Callable<SSLContext> trusting = () -> pki.clientContext(null);
        try (Heddle h = Heddle.start(config("{\"load_files\": " + files + "}", "[{\"certificate_selection\": {\"any_tag\": [\"current\"]}}]"))) {
            assertEquals(a.cert(), get(h.port(), "a.test", trusting).leaf());
        }
        try (Heddle h = Heddle.start(config("{\"load_files\": " + files + "}", "[{\"certificate_selection\": {\"all_tags\": [\"old\"]}}]"))) {
            assertEquals(older.cert(), get(h.port(), "a.test", trusting).leaf());
        }
        try (Heddle h = Heddle.start(config("{\"load_files\": " + files + "}",
                "[{\"certificate_selection\": {\"subject_organization\": [\"Org A\"]}}]"))) {
            assertEquals(a.cert(), get(h.port(), "a.test", trusting).leaf());
        }
    }

    @Test
    void inlinePemAndPoliciesMatchedBySni() throws Exception {
        String pem = "{\"load_pem\": [{\"certificate\": " + json(a.certificatePem()) + ", \"key\": " + json(a.keyPem()) + "},"
                + "{\"certificate\": " + json(b.certificatePem()) + ", \"key\": " + json(b.keyPem()) + "}]}";
        // Only a.test has a policy: b.test's certificate is loaded, but no policy lets a handshake for it through.
        try (Heddle h = Heddle.start(config(pem, "[{\"match\": {\"sni\": [\"a.test\"]}}]"))) {
            java.util.concurrent.Callable<SSLContext> trusting = () -> pki.clientContext(null);
            assertEquals(a.cert(), get(h.port(), "a.test", trusting).leaf());
            assertThrows(SSLException.class, () -> get(h.port(), "b.test", trusting));
        }
    }

    @Test
    void clientCertificatesRequiredAndVerified() throws Exception {
        try (TestCertificates other = new TestCertificates("Another CA");
             Heddle h = Heddle.start(config("{\"load_files\": " + loadFiles(a) + "}", "[{\"client_authentication\": {"
                     + "\"trusted_ca_certs_pem_files\": [\"" + pki.caFile() + "\"], \"mode\": \"require_and_verify\"}}]"))) {
            TestCertificates.Issued stranger = other.client("stranger", "stranger");
            assertEquals(200, get(h.port(), "a.test", () -> pki.clientContext(client)).response().status(), "a client certificate of the trusted CA");
            assertThrows(IOException.class, () -> get(h.port(), "a.test", () -> pki.clientContext(null)), "no client certificate");
            // A certificate from a CA the policy does not trust (the client still trusts the server's CA).
            assertThrows(IOException.class, () -> get(h.port(), "a.test", () -> mixed(other, stranger)), "a client certificate of another CA");
        }
    }

    /** Trusts this test's CA for the server, presents a certificate from {@code other}. */
    private static SSLContext mixed(TestCertificates other, TestCertificates.Issued cert) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("c", cert.keys().getPrivate(), "x".toCharArray(), new X509Certificate[] {cert.cert(), other.ca()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.ca());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void policiesThatDifferInAlpnAreRefusedWithTheirPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> Heddle.start(config("{\"load_files\": " + loadFiles(a, b) + "}",
                "[{\"match\": {\"sni\": [\"a.test\"]}}, {\"match\": {\"sni\": [\"b.test\"]}, \"alpn\": [\"http/1.1\"]}]")).close());
        assertTrue(e.getMessage().startsWith("apps.http.servers.srv0.tls_connection_policies[1].alpn: differs from"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> Heddle.start(config(
                "{\"load_files\": [{\"certificate\": \"/nonexistent/x.pem\", \"key\": \"/nonexistent/x.key\"}]}", "[]")).close());
        assertTrue(missing.getMessage().startsWith("apps.tls.certificates.load_files[0].certificate: cannot read \"/nonexistent/x.pem\""),
                missing.getMessage());
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    @Test
    void aHandshakeFloodDoesNotStopNormalRequestsAndIsCutAtTheHandshakeBound() throws Exception {
        // Go bounds a handshake by the smallest non-zero of the read_header, read and write timeouts: here 1s.
        String json = config("{\"load_files\": " + loadFiles(a) + "}", "[]")
                .replace("\"listen\": [\"127.0.0.1:0\"],", "\"listen\": [\"127.0.0.1:0\"], \"read_header_timeout\": \"1s\", \"read_timeout\": \"5s\",");
        try (Heddle h = Heddle.start(json)) {
            int flood = 1000;
            List<java.net.Socket> stalled = new java.util.ArrayList<>();
            java.util.Queue<Long> cutAfterMillis = new java.util.concurrent.ConcurrentLinkedQueue<>();
            try {
                for (int i = 0; i < flood; i++) {
                    java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), h.port());
                    // Half the flood sends the start of a ClientHello, the other half nothing at all.
                    if (i % 2 == 0) {
                        s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
                    }
                    stalled.add(s);
                    long opened = System.nanoTime();
                    Thread.ofVirtual().start(() -> {
                        try {
                            s.getInputStream().read();
                        } catch (IOException ignored) {
                            // a reset is a cut too
                        }
                        cutAfterMillis.add((System.nanoTime() - opened) / 1_000_000);
                    });
                }
                for (int i = 0; i < 10; i++) {
                    long start = System.nanoTime();
                    assertEquals("https a.test", get(h.port(), "a.test", () -> pki.clientContext(null)).response().bodyText());
                    assertTrue(System.nanoTime() - start < 3_000_000_000L, "a normal request beside the flood took too long");
                }
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> cutAfterMillis.size() == flood);
                long earliest = cutAfterMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
                assertTrue(earliest >= 800, "cut at the 1s handshake bound, not before: the earliest after " + earliest + " ms");
            } finally {
                for (java.net.Socket s : stalled) {
                    s.close();
                }
            }
        }
    }

    @Test
    void tlsPlaceholdersAndForwardedProto() throws Exception {
        try (dev.heddle.testing.RawUpstream up = dev.heddle.testing.RawUpstream.ok("proxied");
             Heddle h = Heddle.start("{\"apps\": {\"tls\": {\"certificates\": {\"load_files\": " + loadFiles(a) + "}}, \"http\": {"
                     + "\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"], \"tls_connection_policies\": [{\"client_authentication\":"
                     + " {\"mode\": \"request\"}}], \"routes\": [{\"match\": [{\"path\": [\"/proxy\"]}], \"handle\": [{\"handler\":"
                     + " \"reverse_proxy\", \"upstreams\": [{\"dial\": \"" + up.dial() + "\"}]}]}, {\"handle\": [{\"handler\": \"static_response\","
                     + " \"body\": \"{http.request.tls.version}|{http.request.tls.server_name}|{http.request.tls.proto}|"
                     + "{http.request.tls.client.subject}|{http.request.tls.client.serial}|{http.request.proto}|{http.request.scheme}\"}]}]}}}}}")) {
            String[] plain = get(h.port(), "a.test", () -> pki.clientContext(null)).response().bodyText().split("\\|", -1);
            assertEquals("tls1.3", plain[0]);
            assertEquals("a.test", plain[1]);
            assertEquals("http/1.1", plain[2]);
            assertEquals("", plain[3], "no client certificate: the client placeholders are empty");
            assertEquals("https", plain[6]);
            String[] mutual = get(h.port(), "a.test", () -> pki.clientContext(client)).response().bodyText().split("\\|", -1);
            assertEquals("CN=heddle-client", mutual[3]);
            assertEquals(client.cert().getSerialNumber().toString(), mutual[4]);

            try (SSLSocket s = (SSLSocket) pki.clientContext(null).getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), h.port())) {
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName("a.test")));
                s.setSSLParameters(p);
                s.getOutputStream().write("GET /proxy HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("proxied", RawClient.read(s.getInputStream(), false).bodyText());
            }
            assertEquals("https", up.takeRequest().header("X-Forwarded-Proto"));
        }
    }
}
