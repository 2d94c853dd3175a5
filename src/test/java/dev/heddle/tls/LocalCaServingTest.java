package dev.heddle.tls;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.HeddleProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Automatic HTTPS's certificates from the local CA: a host name of a TLS server's routes with
 * no loaded certificate gets one issued at load, chained to the CA's root; a short-lived one is
 * renewed while Heddle runs without a handshake failing; the root stays the same across restarts.
 */
class LocalCaServingTest {
    private static LocalCaDataDir data;

    @BeforeAll
    static void dataDir() throws Exception {
        data = LocalCaDataDir.create();
    }

    @AfterAll
    static void clean() throws Exception {
        data.close();
    }

    private static String config(String tlsApp) {
        return "{\"apps\": {" + tlsApp + "\"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"], \"automatic_https\": {\"disable_redirects\": true}, \"tls_connection_policies\": [],"
                + " \"routes\": [{\"match\": [{\"host\": [\"app.localhost\"]}], \"handle\": [{\"handler\": \"static_response\", \"body\": \"ok\"}]}]}}}}}";
    }

    /** A handshake for app.localhost by a client that trusts only the local CA's root file. */
    private static X509Certificate[] handshake(int port) throws Exception {
        SSLContext ctx = data.trustingRoot();
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("app.localhost")));
            s.setSSLParameters(p);
            s.startHandshake();  // fails unless the chain leads to the root
            return (X509Certificate[]) s.getSession().getPeerCertificates();
        }
    }

    @Test
    void aHostNameWithoutACertificateGetsOneFromTheLocalCa() throws Exception {
        try (Heddle h = Heddle.start(config(""))) {
            X509Certificate[] chain = handshake(h.port());
            assertEquals(2, chain.length, "the leaf and the intermediate");
            assertTrue(chain[0].getSubjectAlternativeNames().toString().contains("app.localhost"));
            long hours = Duration.ofMillis(chain[0].getNotAfter().getTime() - chain[0].getNotBefore().getTime()).toHours();
            assertEquals(12, hours, "Caddy's default lifetime for the internal issuer (12h, plus the minute it is back-dated)");
        }
    }

    @Test
    void aShortLivedLeafIsRenewedWhileServingWithoutAFailedHandshake() throws Exception {
        String tls = "\"tls\": {\"automation\": {\"policies\": [{\"subjects\": [\"app.localhost\"], \"issuers\": [{\"module\": \"internal\","
                + " \"lifetime\": \"3s\"}]}]}}, ";
        try (Heddle h = Heddle.start(config(tls))) {
            Set<BigInteger> serials = new LinkedHashSet<>();
            List<String> failures = new ArrayList<>();
            // Renewal is due once a third of the 3s is left: handshakes keep going until a new leaf is presented.
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                try {
                    serials.add(handshake(h.port())[0].getSerialNumber());
                } catch (Exception e) {
                    failures.add(e.toString());
                }
                return serials.size() >= 2;
            });
            assertEquals(List.of(), failures, "no handshake failed while the leaf was renewed");
        }
    }

    @Test
    void theRootIsTheSameAcrossARestartOfTheProcess() throws Exception {
        String json = config("");
        List<X509Certificate[]> chains = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (HeddleProcess p = HeddleProcess.run(json, List.of("-Dheddle.data.dir=" + data.path))) {
                chains.add(handshake(p.awaitPort("srv0")));
            }
        }
        X509Certificate root = PemReader.certificates(Files.readString(data.rootFile())).get(0);
        for (X509Certificate[] chain : chains) {
            chain[1].verify(root.getPublicKey());  // both runs' intermediates were signed by the one root on disk
        }
        assertEquals(chains.get(0)[1], chains.get(1)[1], "the intermediate is reused too (it is days from renewal)");
    }
}
