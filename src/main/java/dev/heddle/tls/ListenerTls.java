package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConnectionPolicyConfig;
import dev.heddle.config.ServerConfig;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
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
import java.util.Set;

/**
 * One TLS listener's setup: an SSLContext whose accepted sockets get the parameters of the
 * connection policy their ClientHello matches (TLS versions, cipher suites, curves, client
 * authentication, as Caddy applies each policy's own), whose key manager picks certificates per
 * handshake ({@link SniKeyManager}) and whose trust manager judges client certificates under
 * the same policy ({@link ClientCertTrust}).
 *
 * <p>ALPN is the one listener-wide parameter: Helidon sets its own protocol selector on every
 * socket after it is made (the first protocol of the client's that the listener serves), and
 * which protocols a listener serves is fixed when it starts. Policies of one server must agree
 * on it. Certificates and policies are swapped on reload; a reload that changes ALPN is refused.
 */
public final class ListenerTls {
    /** What Heddle serves over TLS (the server's protocols choose among them). */
    private static final List<String> SERVED_ALPN = List.of("h2", "http/1.1");

    /**
     * Everything a config gives one server's TLS, checked.
     *
     * @param alpn what must stay the same for a running listener: the protocols ALPN may choose
     */
    public record Setup(SniKeyManager.Choices choices, List<String> alpn) {
    }

    private final SocketPolicies chosen = new SocketPolicies();
    private final SniKeyManager keys;
    private final List<String> alpn;
    private final SSLContext context;
    private volatile int handshakeTimeoutMillis;

    /**
     * @param handshakeTimeout as Go bounds the handshake: the smallest non-zero of the server's
     *                         read_header, read and write timeouts, else 1 minute
     */
    public ListenerTls(Setup setup, java.time.Duration handshakeTimeout) {
        this.handshakeTimeoutMillis = millis(handshakeTimeout);
        this.keys = new SniKeyManager(setup.choices(), chosen);
        this.alpn = setup.alpn();
        ClientCertTrust trust = new ClientCertTrust(chosen, keys::policies);
        try {
            SSLContext base = SSLContext.getInstance("TLS");
            base.init(new KeyManager[] {keys}, new TrustManager[] {trust}, null);
            context = ParameterizedSslContext.wrap(base, new PerPolicy());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS: " + e.getMessage(), e);
        }
    }

    /** Caddy's choice per ClientHello: the first policy matching its server name and the remote address. */
    private final class PerPolicy implements ParameterizedSslContext.Handshakes {
        @Override
        public SSLParameters accepted(SSLSocket socket, String serverName, InetAddress remote) {
            ServerPolicy policy = ServerPolicy.first(keys.policies(), serverName, remote);
            if (policy == null) {
                return defaults();  // the key manager finds no policy either: the handshake fails
            }
            chosen.record(socket, policy);
            return policy.parameters().ssl(alpn);
        }

        @Override
        public SSLParameters defaults() {
            return sslParameters();
        }

        @Override
        public int timeoutMillis() {
            return handshakeTimeoutMillis;
        }
    }

    public SSLContext context() {
        return context;
    }

    /**
     * The first policy's parameters without client authentication: what Helidon is told (its
     * blocking listener does not apply them; each accepted socket gets its policy's own).
     */
    public SSLParameters sslParameters() {
        HandshakeParameters first = keys.policies().get(0).parameters();
        return new HandshakeParameters(first.protocols(), first.cipherSuites(), first.namedGroups(), "").ssl(alpn);
    }

    /** The protocols ALPN may choose here. */
    public List<String> alpn() {
        return alpn;
    }

    /** A reload: new certificates, policies (with their parameters and client trust) and handshake bound; ALPN must be the same. */
    public void swap(Setup next, java.time.Duration handshakeTimeout) {
        handshakeTimeoutMillis = millis(handshakeTimeout);
        keys.swap(next.choices());
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
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
        List<String> alpn = alpn(first);
        List<ServerPolicy> runtime = new ArrayList<>();
        for (ConnectionPolicyConfig p : policies) {
            if (!alpn(p).equals(alpn)) {
                throw new ConfigException(p.path() + ".alpn", "differs from " + first.path() + ": Heddle applies one ALPN"
                        + " list per listener (policies may differ in everything else, client authentication and TLS"
                        + " versions included)");
            }
            X509TrustManager verifier = p.clientAuth() == null || !p.clientAuth().verifies() ? null : verifier(p);
            runtime.add(new ServerPolicy(p, HandshakeParameters.of(p), verifier));
        }
        return new Setup(new SniKeyManager.Choices(store, List.copyOf(runtime), java.util.Map.copyOf(managed),
                OnDemandIssuer.of(config.certificates())), alpn);
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

    /** The protocols ALPN may choose under a policy: its alpn among what Heddle serves (default: all of it). */
    private static List<String> alpn(ConnectionPolicyConfig p) throws ConfigException {
        if (p.alpn().isEmpty()) {
            return SERVED_ALPN;
        }
        Set<String> kept = new LinkedHashSet<>(p.alpn());
        kept.retainAll(SERVED_ALPN);
        if (kept.isEmpty()) {
            throw new ConfigException(p.path() + ".alpn", p.alpn() + ": Heddle serves " + SERVED_ALPN + " over TLS");
        }
        return List.copyOf(kept);
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
