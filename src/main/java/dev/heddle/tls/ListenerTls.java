package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConnectionPolicyConfig;
import dev.heddle.config.ServerConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One TLS listener's setup: an SSLContext whose key manager picks certificates per handshake
 * ({@link SniKeyManager}) and whose trust manager judges client certificates, and the
 * SSLParameters (protocols, cipher suites, curves, ALPN, client authentication).
 *
 * <p>The JDK fixes a listener's parameters before it has read a ClientHello, so every policy of a
 * server must agree on them; policies may differ in what they match, which certificates they may
 * present, and default_sni/fallback_sni. Certificates, policies and trusted client CAs are
 * swapped on reload; a reload that changes the parameters is refused (a restart applies them).
 */
public final class ListenerTls {
    /** What Heddle serves over TLS (the server's protocols choose among them). */
    private static final List<String> SERVED_ALPN = List.of("h2", "http/1.1");
    /** Go's cipher suite names that differ from the IANA (JSSE) ones. */
    private static final Map<String, String> GO_CIPHER_ALIASES = Map.of(
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Map<String, String> CURVES = Map.of(
            "x25519", "x25519", "secp256r1", "secp256r1", "secp384r1", "secp384r1", "secp521r1", "secp521r1",
            "x25519mlkem768", "X25519MLKEM768");

    /**
     * Everything a config gives one server's TLS, checked.
     *
     * @param parameters what must stay the same for a running listener
     */
    public record Setup(SniKeyManager.Choices choices, X509TrustManager clientVerifier, Parameters parameters) {
    }

    /** The listener-wide part of the policies. */
    public record Parameters(List<String> protocols, List<String> cipherSuites, List<String> namedGroups, List<String> alpn,
                             String clientAuthMode) {
    }

    private final SniKeyManager keys;
    private final ClientCertTrust trust;
    private final Parameters parameters;
    private final SSLContext context;
    private volatile int handshakeTimeoutMillis;

    /**
     * @param handshakeTimeout as Go bounds the handshake: the smallest non-zero of the server's
     *                         read_header, read and write timeouts, else 1 minute
     */
    public ListenerTls(Setup setup, java.time.Duration handshakeTimeout) {
        this.handshakeTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        this.keys = new SniKeyManager(setup.choices());
        this.trust = new ClientCertTrust(setup.clientVerifier());
        this.parameters = setup.parameters();
        try {
            SSLContext base = SSLContext.getInstance("TLS");
            base.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
            context = ParameterizedSslContext.wrap(base, sslParameters(), () -> handshakeTimeoutMillis);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        return context;
    }

    public SSLParameters sslParameters() {
        SSLParameters p = new SSLParameters();
        p.setProtocols(parameters.protocols().toArray(new String[0]));
        if (!parameters.cipherSuites().isEmpty()) {
            p.setCipherSuites(parameters.cipherSuites().toArray(new String[0]));
        }
        if (!parameters.namedGroups().isEmpty()) {
            p.setNamedGroups(parameters.namedGroups().toArray(new String[0]));
        }
        p.setApplicationProtocols(parameters.alpn().toArray(new String[0]));
        switch (parameters.clientAuthMode()) {
            case "request", "verify_if_given" -> p.setWantClientAuth(true);
            case "require", "require_and_verify" -> p.setNeedClientAuth(true);
            default -> { }
        }
        return p;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** A reload: new certificates, policies, client trust and handshake bound; the parameters must be the same. */
    public void swap(Setup next, java.time.Duration handshakeTimeout) {
        handshakeTimeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()));
        keys.swap(next.choices());
        trust.swap(next.clientVerifier());
    }

    /** Go's bound on a TLS handshake: the smallest non-zero of these, else 1 minute. */
    public static java.time.Duration handshakeTimeout(java.time.Duration... timeouts) {
        java.time.Duration out = null;
        for (java.time.Duration d : timeouts) {
            if (!d.isZero() && (out == null || d.compareTo(out) < 0)) {
                out = d;
            }
        }
        return out == null ? java.time.Duration.ofMinutes(1) : out;
    }

    /** Loads the certificates and checks the policies; errors name the config path. */
    public static Setup prepare(ServerConfig.ServerTlsConfig config) throws ConfigException {
        CertificateStore store = CertificateStore.load(config.certificates());
        java.util.Map<String, ManagedCertificate> managed = new java.util.HashMap<>();
        for (String name : config.managedNames()) {
            if (!config.ignoreLoadedCertificates() && store.covers(name)) {
                continue;  // as Caddy: a loaded certificate covers it, nothing to manage
            }
            if (OnDemandIssuer.onDemand(config.certificates(), name)) {
                continue;  // issued at its first handshake
            }
            ManagedCertificate how = managed(config.certificates(), name);
            try {
                ServerCertificate issued = how.issue();
                store = store.replacing(null, issued);
                managed.put(issued.alias(), how);
            } catch (IOException e) {
                throw new ConfigException("apps.tls", "cannot issue a certificate for " + name + " from the local CA: " + e.getMessage());
            }
        }
        List<ConnectionPolicyConfig> policies = config.policies();
        ConnectionPolicyConfig first = policies.get(0);
        Parameters parameters = parameters(first);
        X509TrustManager verifier = first.clientAuth() == null || !first.clientAuth().verifies() ? null : verifier(first);
        for (ConnectionPolicyConfig p : policies.subList(1, policies.size())) {
            if (!parameters(p).equals(parameters) || !sameTrust(first, p)) {
                throw new ConfigException(p.path(), "differs from " + first.path() + " in protocols, cipher suites, curves, ALPN"
                        + " or client authentication; Heddle applies one set of these per listener (policies may differ in"
                        + " match, certificate_selection, default_sni and fallback_sni)");
            }
        }
        List<ServerPolicy> runtime = policies.stream().map(ServerPolicy::new).toList();
        return new Setup(new SniKeyManager.Choices(store, runtime, java.util.Map.copyOf(managed),
                OnDemandIssuer.of(config.certificates())), verifier, parameters);
    }

    /**
     * How a name's certificate is issued: by the first automation policy covering it (only the
     * internal issuer exists here), else by the local CA with Caddy's 12h lifetime. Caddy would
     * use ACME for a public name; Heddle issues it from its local CA and says so.
     */
    private static ManagedCertificate managed(dev.heddle.config.TlsAppConfig app, String name) throws ConfigException {
        java.time.Duration lifetime = java.time.Duration.ofHours(12);
        boolean covered = false;
        for (dev.heddle.config.TlsAppConfig.AutomationPolicy p : app.automation()) {
            if (p.covers(name)) {
                lifetime = p.lifetime();
                covered = p.internal();
                break;
            }
        }
        if (!covered && !internal(name)) {
            System.getLogger("dev.heddle.tls").log(System.Logger.Level.WARNING, name + " is a public name: Caddy would get its"
                    + " certificate from a public CA (ACME), which Heddle does not do; issuing it from Heddle's local CA, which"
                    + " clients trust only once its root is installed (heddle trust). Load a public certificate with load_files instead.");
        }
        try {
            return new ManagedCertificate(name, lifetime, LocalCa.shared(LocalCa.dataDir(), app.localCaName()));
        } catch (IOException e) {
            throw new ConfigException("apps.pki", "cannot open the local CA under " + LocalCa.dataDir() + ": " + e.getMessage());
        }
    }

    /** CertMagic's SubjectIsInternal: localhost, *.localhost, *.local, *.internal, *.home.arpa, private and loopback IPs. */
    static boolean internal(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals("localhost") || n.endsWith(".localhost") || n.endsWith(".local") || n.endsWith(".internal") || n.endsWith(".home.arpa")) {
            return true;
        }
        if (dev.heddle.dns.DnsClient.isLiteral(n)) {
            try {
                java.net.InetAddress a = java.net.InetAddress.getByName(n);
                return a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress()
                        || (a.getAddress().length == 16 && (a.getAddress()[0] & 0xFE) == 0xFC);
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private static boolean sameTrust(ConnectionPolicyConfig a, ConnectionPolicyConfig b) {
        return java.util.Objects.equals(a.clientAuth(), b.clientAuth());
    }

    private static Parameters parameters(ConnectionPolicyConfig p) throws ConfigException {
        List<String> protocols = new ArrayList<>();
        if (p.protocolMin().equals("tls1.2")) {
            protocols.add("TLSv1.2");
        }
        if (p.protocolMax().equals("tls1.3")) {
            protocols.add("TLSv1.3");
        }
        Set<String> supported;
        try {
            supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(p.path(), "the JDK has no TLS: " + e.getMessage());
        }
        List<String> ciphers = new ArrayList<>();
        for (String name : p.cipherSuites()) {
            String jsse = GO_CIPHER_ALIASES.getOrDefault(name, name);
            if (!supported.contains(jsse)) {
                throw new ConfigException(p.path() + ".cipher_suites", "unknown or unsupported cipher suite \"" + name + "\"");
            }
            ciphers.add(jsse);
        }
        if (!ciphers.isEmpty() && protocols.contains("TLSv1.3")) {
            // As Go: TLS 1.3's suites are not configurable, they stay on.
            for (String s : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")) {
                if (supported.contains(s) && !ciphers.contains(s)) {
                    ciphers.add(s);
                }
            }
        }
        List<String> groups = new ArrayList<>();
        for (String curve : p.curves()) {
            String jsse = CURVES.get(curve.toLowerCase(java.util.Locale.ROOT));
            if (jsse == null) {
                throw new ConfigException(p.path() + ".curves", "unknown curve \"" + curve + "\" (" + String.join(", ",
                        new java.util.TreeSet<>(CURVES.keySet())) + ")");
            }
            groups.add(jsse);
        }
        List<String> alpn;
        if (p.alpn().isEmpty()) {
            alpn = SERVED_ALPN;
        } else {
            Set<String> kept = new LinkedHashSet<>(p.alpn());
            kept.retainAll(SERVED_ALPN);
            if (kept.isEmpty()) {
                throw new ConfigException(p.path() + ".alpn", p.alpn() + ": Heddle serves " + SERVED_ALPN
                        + " over TLS");
            }
            alpn = List.copyOf(kept);
        }
        String mode = p.clientAuth() == null ? "" : p.clientAuth().mode();
        return new Parameters(List.copyOf(protocols), List.copyOf(ciphers), List.copyOf(groups), alpn, mode);
    }

    private static X509TrustManager verifier(ConnectionPolicyConfig p) throws ConfigException {
        String path = p.path() + ".client_authentication";
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (String der : p.clientAuth().trustedCaCerts()) {
                try {
                    store.setCertificateEntry("ca" + n++, x509.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
                } catch (IllegalArgumentException | GeneralSecurityException e) {
                    throw new ConfigException(path + ".trusted_ca_certs", "is not a base64 DER certificate: " + e.getMessage());
                }
            }
            for (String file : p.clientAuth().trustedCaPemFiles()) {
                List<X509Certificate> certs;
                try {
                    certs = PemReader.certificates(Files.readString(Path.of(file)));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(path + ".trusted_ca_certs_pem_files", "cannot read \"" + file + "\": " + e.getMessage());
                }
                if (certs.isEmpty()) {
                    throw new ConfigException(path + ".trusted_ca_certs_pem_files", "\"" + file + "\" holds no certificate");
                }
                for (X509Certificate c : certs) {
                    store.setCertificateEntry("ca" + n++, c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return (X509TrustManager) Arrays.stream(tmf.getTrustManagers()).filter(t -> t instanceof X509TrustManager)
                    .findFirst().orElseThrow();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }
}
