package dev.heddle.tls;

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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * Caddy's local certificate authority (the pki app's {@code local} CA): an ECDSA P-256 root
 * made once (10 years) and an intermediate (7 days) renewed when a fifth of its life is left,
 * both kept under {@code <data dir>/pki/authorities/<id>/} ({@code root.crt}, {@code root.key},
 * {@code intermediate.crt}, {@code intermediate.key}) and reused across restarts; leaves for
 * host names and IPs signed by the intermediate, never outliving it. BouncyCastle builds the
 * certificates; keys are written owner-only.
 */
public final class LocalCa {
    static final Duration ROOT_LIFETIME = Duration.ofDays(3650);
    static final Duration INTERMEDIATE_LIFETIME = Duration.ofDays(7);
    /** Caddy's renewal_window_ratio for the intermediate. */
    static final double RENEWAL_RATIO = 0.2;

    private final Path dir;
    private final String name;
    private final Clock clock;
    private final X509Certificate root;
    private final PrivateKey rootKey;
    private volatile X509Certificate intermediate;
    private volatile PrivateKey intermediateKey;

    private LocalCa(Path dir, String name, Clock clock, X509Certificate root, PrivateKey rootKey) {
        this.dir = dir;
        this.name = name;
        this.clock = clock;
        this.root = root;
        this.rootKey = rootKey;
    }

    /**
     * Heddle's data directory: the {@code heddle.data.dir} system property, else $HEDDLE_DATA_DIR,
     * else $XDG_DATA_HOME/heddle, else ~/.local/share/heddle.
     */
    public static Path dataDir() {
        String property = System.getProperty("heddle.data.dir");
        if (property != null && !property.isEmpty()) {
            return Path.of(property);
        }
        String own = System.getenv("HEDDLE_DATA_DIR");
        if (own != null && !own.isEmpty()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isEmpty()) {
            return Path.of(xdg, "heddle");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "heddle");
    }

    /** Loads the CA {@code id} from {@code dataDir}, making what is missing (and renewing an intermediate near its end). */
    public static LocalCa open(Path dataDir, String id, String name, Clock clock) throws IOException {
        Path dir = dataDir.resolve("pki").resolve("authorities").resolve(id);
        Files.createDirectories(dir);
        try {
            X509Certificate root;
            PrivateKey rootKey;
            if (Files.exists(dir.resolve("root.crt")) && Files.exists(dir.resolve("root.key"))) {
                root = PemReader.certificates(Files.readString(dir.resolve("root.crt"))).get(0);
                rootKey = PemReader.privateKey(Files.readString(dir.resolve("root.key")));
            } else {
                KeyPair keys = ecKeys();
                Instant now = clock.instant();
                X500Name subject = new X500Name("CN=" + name + " - " + now.atZone(ZoneOffset.UTC).getYear() + " ECC Root");
                X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(60)),
                        Date.from(now.plus(ROOT_LIFETIME)), subject, keys.getPublic());
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
                root = sign(b, keys.getPrivate());
                rootKey = keys.getPrivate();
                writeKey(dir.resolve("root.key"), rootKey);
                write(dir.resolve("root.crt"), pem(root));
            }
            LocalCa ca = new LocalCa(dir, name, clock, root, rootKey);
            ca.loadIntermediate();
            return ca;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("the local CA in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.Map<Path, LocalCa> OPEN = new java.util.concurrent.ConcurrentHashMap<>();

    /** The process's local CA for this data directory, opened once (its files are the state). */
    public static LocalCa shared(Path dataDir, String name) throws IOException {
        Path key = dataDir.toAbsolutePath().normalize();
        LocalCa ca = OPEN.get(key);
        if (ca == null) {
            synchronized (OPEN) {
                ca = OPEN.get(key);
                if (ca == null) {
                    ca = open(key, "local", name, Clock.systemUTC());
                    OPEN.put(key, ca);
                }
            }
        }
        return ca;
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate intermediate() {
        return intermediate;
    }

    public Path rootFile() {
        return dir.resolve("root.crt");
    }

    /** The root's SHA-256 fingerprint, hex (what `heddle trust` prints). */
    public String rootFingerprint() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Renews the intermediate when less than a fifth of its life is left (Caddy checks every 10 minutes). */
    public synchronized boolean maintain() throws IOException {
        if (!needsRenewal(intermediate, clock.instant())) {
            return false;
        }
        try {
            makeIntermediate();
            return true;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("renewing the local CA's intermediate: " + e.getMessage(), e);
        }
    }

    /**
     * A leaf for these names (DNS names or IP literals), {@code lifetime} long but never past
     * the intermediate; the chain is the leaf and the intermediate, as Caddy's.
     */
    public ServerCertificate issue(List<String> names, Duration lifetime, List<String> tags) throws IOException {
        maintain();
        try {
            KeyPair keys = ecKeys();
            Instant now = clock.instant();
            Instant end = now.plus(lifetime);
            Instant limit = intermediate.getNotAfter().toInstant();
            if (end.isAfter(limit)) {
                end = limit;  // as Caddy: a leaf never outlives its issuer
            }
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(intermediate.getSubjectX500Principal().getName()),
                    serial(), Date.from(now.minusSeconds(60)), Date.from(end), new X500Name(""), keys.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String n : names) {
                sans.add(dev.heddle.dns.DnsClient.isLiteral(n) ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(sans.toArray(new GeneralName[0])));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                    KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate leaf = sign(b, intermediateKey);
            return ServerCertificate.of(List.of(leaf, intermediate), keys.getPrivate(), tags);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("issuing a certificate for " + names + ": " + e.getMessage(), e);
        }
    }

    private void loadIntermediate() throws IOException, GeneralSecurityException, OperatorCreationException {
        Path crt = dir.resolve("intermediate.crt");
        Path key = dir.resolve("intermediate.key");
        if (Files.exists(crt) && Files.exists(key)) {
            X509Certificate cert = PemReader.certificates(Files.readString(crt)).get(0);
            if (!needsRenewal(cert, clock.instant())) {
                intermediate = cert;
                intermediateKey = PemReader.privateKey(Files.readString(key));
                return;
            }
        }
        makeIntermediate();
    }

    private void makeIntermediate() throws IOException, GeneralSecurityException, OperatorCreationException {
        KeyPair keys = ecKeys();
        Instant now = clock.instant();
        Instant end = now.plus(INTERMEDIATE_LIFETIME);
        if (end.isAfter(root.getNotAfter().toInstant())) {
            end = root.getNotAfter().toInstant();
        }
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(root.getSubjectX500Principal().getName()), serial(),
                Date.from(now.minusSeconds(60)), Date.from(end), new X500Name("CN=" + name + " - ECC Intermediate"), keys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(root));
        X509Certificate cert = sign(b, rootKey);
        writeKey(dir.resolve("intermediate.key"), keys.getPrivate());
        write(dir.resolve("intermediate.crt"), pem(cert));
        intermediate = cert;
        intermediateKey = keys.getPrivate();
    }

    /** True when less than {@link #RENEWAL_RATIO} of the certificate's life is left. */
    static boolean needsRenewal(X509Certificate cert, Instant now) {
        long life = cert.getNotAfter().getTime() - cert.getNotBefore().getTime();
        long left = cert.getNotAfter().getTime() - now.toEpochMilli();
        return left < life * RENEWAL_RATIO;
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        write(file, pem(new JcaPKCS8Generator(key, null)));
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    /** Written whole or not at all: a crash mid-write never leaves half a key. */
    private static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
