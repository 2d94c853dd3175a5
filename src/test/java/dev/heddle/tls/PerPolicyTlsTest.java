package dev.heddle.tls;

import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.JvmCounts;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.TestCertificates;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each connection policy's own TLS parameters on one port, chosen per ClientHello as Caddy
 * does: client authentication for one name and not another, TLS versions per name, a
 * ClientHello that arrives split over two records and byte by byte, garbage instead of a
 * ClientHello, closed connections closing their sockets, and a reload that changes a policy's
 * parameters on the running listener.
 */
class PerPolicyTlsTest {
    private static TestCertificates pki;
    private static TestCertificates.Issued server;
    private static TestCertificates.Issued client;

    @BeforeAll
    static void certificates() throws Exception {
        pki = new TestCertificates("Heddle Per-Policy TLS Test CA");
        server = pki.server("server", null, "secure.test", "open.test", "old.test", "new.test");
        client = pki.client("client", "heddle-client");
    }

    @AfterAll
    static void clean() {
        pki.close();
    }

    private static String config(String policies) {
        return "{\"apps\": {\"tls\": {\"certificates\": {\"load_files\": [{\"certificate\": \"" + server.certificate()
                + "\", \"key\": \"" + server.key() + "\"}]}}, \"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"],"
                + " \"automatic_https\": {\"disable_redirects\": true}, \"tls_connection_policies\": " + policies + ", \"routes\": [{\"handle\": [{\"handler\": \"static_response\","
                + " \"body\": \"{http.request.host} {http.request.tls.version} {http.request.tls.client.subject}\"}]}]}}}}}";
    }

    /** secure.test requires a client certificate of the test CA; open.test asks for none. */
    private static String mutualForOneName() {
        return config("[{\"match\": {\"sni\": [\"secure.test\"]}, \"client_authentication\": {\"trusted_ca_certs_pem_files\": [\""
                + pki.caFile() + "\"], \"mode\": \"require_and_verify\"}}, {\"match\": {\"sni\": [\"open.test\"]}}]");
    }

    /** One connection to 127.0.0.1:port with this SNI, one request; the answer's body. */
    private static String get(int port, String sni, Callable<SSLContext> contexts, String... protocols) throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return getOver(plain, sni, contexts, protocols);
        }
    }

    private static String getOver(Socket plain, String sni, Callable<SSLContext> contexts, String... protocols) throws Exception {
        // A new context per connection: no session of another name is resumed.
        try (SSLSocket s = (SSLSocket) contexts.call().getSocketFactory().createSocket(plain, sni, plain.getPort(), true)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            p.setApplicationProtocols(new String[] {"http/1.1"});
            if (protocols.length > 0) {
                p.setProtocols(protocols);
            }
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawClient.Response r = RawClient.read(s.getInputStream(), false);
            assertEquals(200, r.status());
            return r.bodyText();
        }
    }

    @Test
    void clientAuthenticationIsThePolicyOfTheRequestedName() throws Exception {
        try (TestCertificates other = new TestCertificates("Another CA");
             Heddle h = Heddle.start(mutualForOneName())) {
            assertEquals("open.test tls1.3 ", get(h.port(), "open.test", () -> pki.clientContext(null)), "no certificate asked for");
            assertEquals("open.test tls1.3 ", get(h.port(), "open.test", () -> pki.clientContext(client)),
                    "open.test asks for none, so none is sent");
            assertThrows(IOException.class, () -> get(h.port(), "secure.test", () -> pki.clientContext(null)), "required, none given");
            assertEquals("secure.test tls1.3 CN=heddle-client", get(h.port(), "secure.test", () -> pki.clientContext(client)));
            TestCertificates.Issued stranger = other.client("stranger", "stranger");
            assertThrows(IOException.class, () -> get(h.port(), "secure.test", () -> withForeignCertificate(other, stranger)),
                    "a certificate of a CA secure.test's policy does not trust");
        }
    }

    @Test
    void tlsVersionsAreThePolicyOfTheRequestedName() throws Exception {
        try (Heddle h = Heddle.start(config("[{\"match\": {\"sni\": [\"old.test\"]}, \"protocol_min\": \"tls1.2\"},"
                + " {\"match\": {\"sni\": [\"new.test\"]}, \"protocol_min\": \"tls1.3\"}]"))) {
            assertEquals("old.test tls1.2 ", get(h.port(), "old.test", () -> pki.clientContext(null), "TLSv1.2"));
            assertThrows(IOException.class, () -> get(h.port(), "new.test", () -> pki.clientContext(null), "TLSv1.2"),
                    "new.test takes TLS 1.3 only");
            assertEquals("new.test tls1.3 ", get(h.port(), "new.test", () -> pki.clientContext(null)));
        }
    }

    @Test
    void aClientHelloSplitOverTwoRecordsAndSentByteByByteIsRead() throws Exception {
        try (Heddle h = Heddle.start(mutualForOneName());
             SplittingRelay relay = new SplittingRelay(h.port())) {
            // Both policies match by SNI only: a server name not read from the split hello would fail every handshake.
            assertEquals("secure.test tls1.3 CN=heddle-client", get(relay.port(), "secure.test", () -> pki.clientContext(client)));
            assertThrows(IOException.class, () -> get(relay.port(), "secure.test", () -> pki.clientContext(null)));
            assertEquals("open.test tls1.3 ", get(relay.port(), "open.test", () -> pki.clientContext(null)));
        }
    }

    @Test
    void garbageInsteadOfAClientHelloIsClosedAtOnceAndLeavesNothingBehind() throws Exception {
        try (Heddle h = Heddle.start(mutualForOneName())) {
            assertEquals("open.test tls1.3 ", get(h.port(), "open.test", () -> pki.clientContext(null)));
            // Counted from Awaitility's poll thread, as the check at the end is.
            long sockets = Awaitility.await().atMost(Duration.ofSeconds(10)).until(JvmCounts::openSockets, n -> n > 0);
            long threads = Awaitility.await().atMost(Duration.ofSeconds(10)).until(JvmCounts::liveThreads, n -> n > 0);
            List<byte[]> garbage = List.of(
                    "GET / HTTP/1.1\r\nHost: open.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                    new byte[] {0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0x00, 0x00, 0x04, 'x', 'x', 'x', 'x'},  // a ClientHello of nonsense
                    new byte[] {0x16, 0x03, 0x01, (byte) 0xFF, (byte) 0xFF, 0x01},  // a record longer than TLS allows
                    new byte[] {0x16, 0x03, 0x01, 0x00, 0x00});  // an empty record
            for (byte[] bytes : garbage) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                    s.setSoTimeout(10_000);  // well under the 1-minute handshake bound: closed for the garbage, not by a timeout
                    s.getOutputStream().write(bytes);
                    drain(s.getInputStream());
                }
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(JvmCounts::openSockets, n -> n <= sockets);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(JvmCounts::liveThreads, n -> n <= threads);
            assertEquals("open.test tls1.3 ", get(h.port(), "open.test", () -> pki.clientContext(null)), "others are served");
        }
    }

    @Test
    void aServedConnectionLeavesNoSocketOpen() throws Exception {
        try (Heddle h = Heddle.start(mutualForOneName())) {
            long sockets = JvmCounts.openSockets();
            for (int i = 0; i < 5; i++) {
                assertEquals("secure.test tls1.3 CN=heddle-client", get(h.port(), "secure.test", () -> pki.clientContext(client)));
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(JvmCounts::openSockets, n -> n <= sockets);
        }
    }

    @Test
    void aReloadChangesAPolicysParametersOnTheRunningListener() throws Exception {
        String open = config("[{\"match\": {\"sni\": [\"secure.test\"]}}, {\"match\": {\"sni\": [\"open.test\"]}}]");
        try (Heddle h = Heddle.start(open)) {
            int port = h.port();
            assertEquals("secure.test tls1.3 ", get(port, "secure.test", () -> pki.clientContext(null)));
            h.app().reload(ConfigLoader.parse(mutualForOneName()), true);
            assertEquals(port, h.port(), "the same listener");
            assertThrows(IOException.class, () -> get(port, "secure.test", () -> pki.clientContext(null)));
            assertEquals("secure.test tls1.3 CN=heddle-client", get(port, "secure.test", () -> pki.clientContext(client)));
            assertEquals("open.test tls1.3 ", get(port, "open.test", () -> pki.clientContext(null)));
        }
    }

    /** Reads until the server closes (an alert or a reset may come first); fails if it does not within the socket's timeout. */
    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // discard
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("the server did not close the connection", e);
        } catch (IOException closed) {
            // a reset is a close too
        }
    }

    /** Trusts the test CA for the server, presents a certificate from {@code other}. */
    private static SSLContext withForeignCertificate(TestCertificates other, TestCertificates.Issued cert) throws Exception {
        java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("c", cert.keys().getPrivate(), "x".toCharArray(), new java.security.cert.X509Certificate[] {cert.cert(), other.ca()});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(new javax.net.ssl.KeyManager[] {new Insistent((javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0], "c")},
                new javax.net.ssl.TrustManager[] {trusting(pki.ca())}, null);
        return ctx;
    }

    /**
     * Presents its certificate whatever CAs the server names: the JDK's own client would send
     * none to a server naming other CAs, and the server's verification would go untested.
     */
    private static final class Insistent extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager keys;
        private final String alias;

        Insistent(javax.net.ssl.X509ExtendedKeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static javax.net.ssl.TrustManager trusting(java.security.cert.X509Certificate ca) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        return tmf.getTrustManagers()[0];
    }

    /**
     * A TCP relay to Heddle that re-frames each client's first TLS record (its ClientHello) as two
     * records, split early in the message so that the server name is in the second, and writes
     * it one byte per write; everything after is relayed as it comes. TLS hashes handshake
     * messages, not records, so the handshake is unchanged for both ends.
     */
    private static final class SplittingRelay implements AutoCloseable {
        private static final int SPLIT_AT = 40;
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;

        SplittingRelay(int target) throws IOException {
            this.target = target;
            Thread.ofVirtual().start(this::accept);
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    Socket from = listener.accept();
                    Socket to = new Socket(InetAddress.getLoopbackAddress(), target);
                    to.setTcpNoDelay(true);
                    Thread.ofVirtual().start(() -> relay(from, to, true));
                    Thread.ofVirtual().start(() -> relay(to, from, false));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void relay(Socket from, Socket to, boolean splitFirstRecord) {
            try (from; to) {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                if (splitFirstRecord) {
                    byte[] header = in.readNBytes(5);
                    byte[] body = in.readNBytes(((header[3] & 0xFF) << 8) | (header[4] & 0xFF));
                    dribble(out, record(header, body, 0, SPLIT_AT));
                    dribble(out, record(header, body, SPLIT_AT, body.length));
                }
                in.transferTo(out);
            } catch (IOException | RuntimeException done) {
                // either side closed: both are closed
            }
        }

        private static byte[] record(byte[] header, byte[] body, int from, int to) {
            byte[] out = new byte[5 + to - from];
            System.arraycopy(header, 0, out, 0, 3);
            out[3] = (byte) ((to - from) >> 8);
            out[4] = (byte) (to - from);
            System.arraycopy(body, from, out, 5, to - from);
            return out;
        }

        private static void dribble(OutputStream out, byte[] bytes) throws IOException {
            for (byte b : bytes) {
                out.write(b);
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
