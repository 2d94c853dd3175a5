package dev.heddle.transport;

import dev.heddle.config.ConfigException;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTPS upstreams: a test CA, server_name, insecure_skip_verify, client certificates, except_ports, Host. */
class TlsUpstreamTest {
    private static TestPki pki;
    private static SSLServerSocket server;
    private static SSLServerSocket mtlsServer;
    private static final java.util.concurrent.atomic.AtomicInteger ACCEPTED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger UNHEALTHY_CHECKS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create();
        server = serve(false);
        mtlsServer = serve(true);
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        mtlsServer.close();
    }

    /** A TLS upstream answering "host=<Host> client=<subject or none>". */
    private static SSLServerSocket serve(boolean needClientAuth) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(pki.file("server.p12"))) {
            ks.load(in, "test".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "test".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (FileInputStream in = new FileInputStream(pki.file("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(needClientAuth);
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    SSLSocket c = (SSLSocket) s.accept();
                    Thread.ofVirtual().start(() -> answer(c));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return s;
    }

    private static void answer(SSLSocket c) {
        ACCEPTED.incrementAndGet();
        try (c) {
            InputStream in = c.getInputStream();
            boolean keepAlive = true;
            while (keepAlive) {
                keepAlive = answerOne(c, in);
            }
        } catch (IOException e) {
            // handshake refused: the test asserts what the proxy did
        }
    }

    /** Answers one request; keeps the connection open for "GET /keep-alive". */
    private static boolean answerOne(SSLSocket c, InputStream in) throws IOException {
        {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return false;
                }
                head.append((char) b);
            }
            boolean keepAlive = head.toString().startsWith("GET /keep-alive ");
            if (head.toString().startsWith("GET /unhealthy ")) {
                UNHEALTHY_CHECKS.incrementAndGet();
                c.getOutputStream().write("HTTP/1.1 500 Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                c.getOutputStream().flush();
                return false;
            }
            String host = head.toString().lines().filter(l -> l.toLowerCase().startsWith("host:")).findFirst().orElse("Host: -")
                    .substring(5).trim();
            String client;
            try {
                client = c.getSession().getPeerPrincipal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                client = "none";
            }
            byte[] body = ("host=" + host + " client=" + client).getBytes(StandardCharsets.UTF_8);
            c.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                    + (keepAlive ? "" : "\r\nConnection: close") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().write(body);
            c.getOutputStream().flush();
            return keepAlive;
        }
    }

    private static Heddle proxy(int port, String tls) throws Exception {
        return Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:" + port
                + "\"}],\"transport\":{\"protocol\":\"http\",\"tls\":" + tls + "}}]}]");
    }

    private static RawClient.Response get(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: client.test\r\nConnection: close\r\n\r\n");
    }

    @Test
    void trustedCaVerifiesAndHostIsTheUpstreams() throws Exception {
        int port = server.getLocalPort();
        try (Heddle h = proxy(port, "{\"ca\":{\"provider\":\"file\",\"pem_files\":[\"" + pki.file("ca.pem") + "\"]}}")) {
            assertEquals("host=127.0.0.1:" + port + " client=none", get(h).bodyText(), "Host defaults to the upstream's host:port");
        }
        try (Heddle h = proxy(port, "{\"root_ca_pem_files\":[\"" + pki.file("ca.pem") + "\"],\"server_name\":\"localhost\"}")) {
            assertEquals(200, get(h).status(), "the older field and server_name");
        }
        try (Heddle h = proxy(port, "{\"root_ca_pem_files\":[\"" + pki.file("ca.pem") + "\"],\"server_name\":\"wrong.example\"}")) {
            assertEquals(502, get(h).status(), "a name the certificate does not carry fails verification");
        }
    }

    /** The CA given inline (base64 DER): the `inline` provider's trusted_ca_certs and the older root_ca_pool. */
    @Test
    void inlineCaCertificatesAreTrusted() throws Exception {
        String der;
        try (FileInputStream in = new FileInputStream(pki.file("ca.pem"))) {
            der = java.util.Base64.getEncoder().encodeToString(
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded());
        }
        int port = server.getLocalPort();
        try (Heddle h = proxy(port, "{\"ca\":{\"provider\":\"inline\",\"trusted_ca_certs\":[\"" + der + "\"]},\"server_name\":\"localhost\"}")) {
            assertEquals(200, get(h).status(), "inline provider");
        }
        try (Heddle h = proxy(port, "{\"root_ca_pool\":[\"" + der + "\"],\"server_name\":\"localhost\"}")) {
            assertEquals(200, get(h).status(), "root_ca_pool");
        }
    }

    /** handshake_timeout bounds a handshake the upstream never answers (the dial timeout, 3 s here, otherwise). */
    @Test
    void handshakeTimeoutCutsASilentUpstream() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());  // accepted, never a ServerHello
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            try (Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:"
                    + silent.getLocalPort() + "\"}],\"transport\":{\"protocol\":\"http\",\"dial_timeout\":\"3s\","
                    + "\"tls\":{\"insecure_skip_verify\":true,\"handshake_timeout\":\"300ms\"}}}]}]")) {
                long start = System.nanoTime();
                int status = get(h).status();
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(status == 502 || status == 504, "status " + status);
                assertTrue(ms >= 250 && ms < 2000, "answered after " + ms + " ms, not after the 300 ms handshake timeout");
            } finally {
                silent.close();
                acceptor.join();
                for (java.net.Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void tlsConnectionsArePooled() throws Exception {
        try (Heddle h = proxy(server.getLocalPort(), "{\"root_ca_pem_files\":[\"" + pki.file("ca.pem") + "\"],\"server_name\":\"localhost\"}")) {
            int before = ACCEPTED.get();
            for (int i = 0; i < 50; i++) {
                assertEquals(200, RawClient.exchange(h.port(), "GET /keep-alive HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
            }
            int opened = ACCEPTED.get() - before;
            assertTrue(opened <= 2, "50 sequential requests opened " + opened + " TLS connections");
        }
    }

    /**
     * Issue 19, defect 1: the TLS context is rebuilt at every load and has no value equality, so
     * health checkers keyed by it started afresh (healthy) at every reload. Keyed by the
     * transport's definition, the failing checker and its state survive a forced reload.
     */
    @Test
    void aTlsUpstreamsHealthStateSurvivesAReload() throws Exception {
        String json = """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [{"handle": [
                  {"handler": "reverse_proxy", "upstreams": [{"dial": "127.0.0.1:%d"}],
                   "transport": {"protocol": "http", "tls": {"root_ca_pem_files": ["%s"], "server_name": "localhost"}},
                   "health_checks": {"active": {"uri": "/unhealthy", "interval": "1h", "timeout": "2s"}}}]}]}}}}}
                """.formatted(server.getLocalPort(), pki.file("ca.pem"));
        try (Heddle h = Heddle.start(json)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> get(h).status() == 503);
            int checks = UNHEALTHY_CHECKS.get();
            h.app().reload(dev.heddle.config.ConfigLoader.parse(json), true);
            assertEquals(503, get(h).status(), "still down right after the reload");
            assertEquals(checks, UNHEALTHY_CHECKS.get(), "no fresh checker (interval 1h: only a new one would check now)");
        }
    }

    @Test
    void unknownCaFailsUnlessVerificationIsSkipped() throws Exception {
        int port = server.getLocalPort();
        try (Heddle h = proxy(port, "{}")) {
            assertEquals(502, get(h).status(), "the JDK's roots do not know the test CA");
        }
        try (Heddle h = proxy(port, "{\"insecure_skip_verify\":true}")) {
            assertEquals(200, get(h).status());
        }
    }

    @Test
    void clientCertificates() throws Exception {
        int port = mtlsServer.getLocalPort();
        String ca = "\"ca\":{\"provider\":\"file\",\"pem_files\":[\"" + pki.file("ca.pem") + "\"]}";
        try (Heddle h = proxy(port, "{" + ca + "}")) {
            assertEquals(502, get(h).status(), "the upstream wants a client certificate");
        }
        try (Heddle h = proxy(port, "{" + ca + ",\"client_certificate_file\":\"" + pki.file("client.pem")
                + "\",\"client_certificate_key_file\":\"" + pki.file("client.key") + "\"}")) {
            assertTrue(get(h).bodyText().endsWith("client=CN=heddle-client"));
        }
    }

    @Test
    void exceptPortsStayPlainAndHeaderOpsCanOverrideHost() throws Exception {
        try (RawUpstream plain = RawUpstream.ok("plain");
             Heddle h = proxy(plain.port(), "{\"except_ports\":[\"" + plain.port() + "\"]}")) {
            assertEquals("plain", get(h).bodyText());
        }
        int port = server.getLocalPort();
        try (Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"127.0.0.1:" + port
                + "\"}],\"headers\":{\"request\":{\"set\":{\"Host\":[\"{http.request.host}\"]}}},\"transport\":{\"protocol\":\"http\","
                + "\"tls\":{\"insecure_skip_verify\":true}}}]}]")) {
            assertTrue(get(h).bodyText().startsWith("host=client.test "), "the user's ops run after the transport's Host");
        }
    }

    @Test
    void badTlsFilesAreConfigErrorsWithTheirPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> proxy(1, "{\"ca\":{\"provider\":\"file\",\"pem_files\":[\"/no/such.pem\"]}}"));
        assertTrue(e.getMessage().startsWith("apps.http.servers.srv0.routes[0].handle[0].transport.tls.ca.pem_files[0]: cannot read \"/no/such.pem\""),
                e.getMessage());
        ConfigException key = assertThrows(ConfigException.class, () -> proxy(1, "{\"client_certificate_file\":\"" + pki.file("client.pem")
                + "\",\"client_certificate_key_file\":\"" + pki.file("client.pem") + "\"}"));
        assertTrue(key.getMessage().contains("client_certificate_key_file: must be a PKCS#8 PEM key"), key.getMessage());
    }
}
