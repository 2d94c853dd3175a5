package dev.heddle.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A test certificate authority made with BouncyCastle: server certificates for given names
 * (DNS names, IP addresses, wildcards), client certificates, written as PEM files under
 * {@code target/} (removed on close), and SSLContexts for test clients that trust it.
 */
public final class TestCertificates implements AutoCloseable {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    public final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    /** A leaf: its PEM files and objects. */
    public record Issued(Path certificate, Path key, X509Certificate cert, KeyPair keys) {
        public String certificatePem() throws IOException {
            return Files.readString(certificate);
        }

        public String keyPem() throws IOException {
            return Files.readString(key);
        }
    }

    public TestCertificates(String caName) throws Exception {
        Files.createDirectories(Path.of("target"));
        this.dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "certs");
        this.caKeys = ecKeys();
        X500Name name = new X500Name("CN=" + caName);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(2))), name, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.ca = sign(b, caKeys);
        write("ca.pem", ca);
    }

    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate for these names (DNS names or IP literals), common name = the first, optional organization. */
    public Issued server(String file, String organization, String... names) throws Exception {
        return issue(file, organization, false, ecKeys(), names);
    }

    /** The same with an RSA key. */
    public Issued serverRsa(String file, String... names) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return issue(file, null, false, g.generateKeyPair(), names);
    }

    /** A client certificate with this common name. */
    public Issued client(String file, String commonName) throws Exception {
        return issue(file, null, true, ecKeys(), commonName);
    }

    private Issued issue(String file, String organization, boolean client, KeyPair keys, String... names) throws Exception {
        X500Name subject = new X500Name("CN=" + names[0] + (organization == null ? "" : ",O=" + organization));
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(ca.getSubjectX500Principal().getName()), serial(),
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(1))), subject, keys.getPublic());
        if (!client) {
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(new GeneralName[0])));
        }
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(client ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
        X509Certificate cert = sign(b, caKeys);
        Path certFile = write(file + ".pem", cert);
        Path keyFile = write(file + ".key", new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null));
        return new Issued(certFile, keyFile, cert, keys);
    }

    /** A client context trusting this CA, presenting {@code clientCert} when given. */
    public SSLContext clientContext(Issued clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientCert.keys().getPrivate(), "x".toCharArray(), new X509Certificate[] {clientCert.cert(), ca});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, "x".toCharArray());
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        String algorithm = signer.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
    }

    private Path write(String file, Object pemObject) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(pemObject);
        }
        return Files.writeString(dir.resolve(file), out.toString());
    }

    /** The address literal for SANs: getByName never looks a literal up. */
    public static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // under target/
        }
    }
}
