package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One of a server's {@code tls_connection_policies} (Caddy's ConnectionPolicy): which
 * handshakes it applies to, which loaded certificate it may present, and the TLS parameters.
 *
 * @param protocolMin "tls1.2" or "tls1.3" [tls1.2]
 * @param protocolMax "tls1.2" or "tls1.3" [tls1.3]
 * @param clientAuth  null when client certificates are not asked for
 */
public record ConnectionPolicyConfig(List<String> sni, List<Cidr> remoteRanges, List<Cidr> remoteNotRanges,
                                     CertificateSelection selection, String protocolMin, String protocolMax,
                                     List<String> cipherSuites, List<String> curves, List<String> alpn,
                                     ClientAuth clientAuth, String defaultSni, String fallbackSni, String path) {

    /** Caddy's CustomCertSelectionPolicy: every given criterion must hold. */
    public record CertificateSelection(List<java.math.BigInteger> serialNumbers, List<String> subjectOrganization,
                                       String publicKeyAlgorithm, List<String> anyTag, List<String> allTags) {
        public static final CertificateSelection ANY = new CertificateSelection(List.of(), List.of(), "", List.of(), List.of());
    }

    /**
     * Caddy's ClientAuthentication.
     *
     * @param mode request, require, verify_if_given or require_and_verify
     */
    public record ClientAuth(List<String> trustedCaCerts, List<String> trustedCaPemFiles, String mode) {
        public boolean verifies() {
            return mode.equals("verify_if_given") || mode.equals("require_and_verify");
        }

        public boolean requires() {
            return mode.equals("require") || mode.equals("require_and_verify");
        }
    }

    /** The policy Caddy uses for a TLS server without any: every handshake, Caddy's defaults. */
    public static final ConnectionPolicyConfig DEFAULT = new ConnectionPolicyConfig(List.of(), List.of(), List.of(),
            CertificateSelection.ANY, "tls1.2", "tls1.3", List.of(), List.of(), List.of(), null, "", "", "default policy");

    private static final Set<String> PROTOCOLS = Set.of("tls1.2", "tls1.3");
    private static final Set<String> MODES = Set.of("request", "require", "verify_if_given", "require_and_verify");

    static List<ConnectionPolicyConfig> parseList(Node n) throws ConfigException {
        if (n.absent() || n.isNull()) {
            return null;
        }
        List<ConnectionPolicyConfig> out = new ArrayList<>();
        for (Node p : n.elements()) {
            out.add(parse(p));
        }
        return List.copyOf(out);
    }

    private static ConnectionPolicyConfig parse(Node n) throws ConfigException {
        n.requireObject();
        List<String> sni = List.of();
        List<Cidr> ranges = List.of();
        List<Cidr> notRanges = List.of();
        Node match = n.field("match");
        if (!match.absent()) {
            match.requireObject();
            sni = lower(match.field("sni").strings());
            Node remote = match.field("remote_ip");
            if (!remote.absent()) {
                remote.requireObject();
                ranges = Cidr.parseAll(remote.field("ranges"));
                notRanges = Cidr.parseAll(remote.field("not_ranges"));
                remote.done();
            }
            match.done(Set.of("sni_regexp", "local_ip"));
        }
        CertificateSelection selection = selection(n.field("certificate_selection"));
        String min = protocol(n.field("protocol_min"), "tls1.2");
        String max = protocol(n.field("protocol_max"), "tls1.3");
        if (min.compareTo(max) > 0) {
            throw n.field("protocol_min").error("protocol min (" + min + ") cannot be greater than protocol max (" + max + ")");
        }
        List<String> ciphers = n.field("cipher_suites").strings();
        List<String> curves = n.field("curves").strings();
        List<String> alpn = n.field("alpn").strings();
        ClientAuth clientAuth = clientAuth(n.field("client_authentication"));
        String defaultSni = n.field("default_sni").string("").toLowerCase(java.util.Locale.ROOT);
        String fallbackSni = n.field("fallback_sni").string("").toLowerCase(java.util.Locale.ROOT);
        n.done(Set.of("handshake_context", "drop", "insecure_secrets_log", "ech", "session_tickets"));
        return new ConnectionPolicyConfig(sni, ranges, notRanges, selection, min, max, ciphers, curves, alpn, clientAuth,
                defaultSni, fallbackSni, n.path());
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(s -> s.toLowerCase(java.util.Locale.ROOT)).toList();
    }

    private static String protocol(Node n, String fallback) throws ConfigException {
        String v = n.string(fallback);
        if (v.equals("tls1.0") || v.equals("tls1.1")) {
            throw n.error("\"" + v + "\" is not offered (the JDK disables TLS before 1.2); use tls1.2 or tls1.3");
        }
        if (!PROTOCOLS.contains(v)) {
            throw n.error("unknown protocol \"" + v + "\" (tls1.2 or tls1.3)");
        }
        return v;
    }

    private static CertificateSelection selection(Node n) throws ConfigException {
        if (n.absent()) {
            return CertificateSelection.ANY;
        }
        n.requireObject();
        List<java.math.BigInteger> serials = new ArrayList<>();
        for (Node s : n.field("serial_number").elements()) {
            String text = s.json().isNumber() ? s.json().asText() : s.string();
            try {
                serials.add(new java.math.BigInteger(text));
            } catch (NumberFormatException e) {
                throw s.error("\"" + text + "\" is not a serial number (decimal)");
            }
        }
        List<String> orgs = n.field("subject_organization").strings();
        Node algorithmNode = n.field("public_key_algorithm");
        String algorithm = algorithmNode.string("").toLowerCase(java.util.Locale.ROOT);
        if (!algorithm.isEmpty() && !Set.of("rsa", "ecdsa", "ed25519").contains(algorithm)) {
            throw algorithmNode.error("unknown public key algorithm \"" + algorithm + "\" (rsa, ecdsa, ed25519)");
        }
        CertificateSelection out = new CertificateSelection(List.copyOf(serials), orgs, algorithm,
                n.field("any_tag").strings(), n.field("all_tags").strings());
        n.done();
        return out;
    }

    private static ClientAuth clientAuth(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        List<String> cas = n.field("trusted_ca_certs").strings();
        List<String> caFiles = n.field("trusted_ca_certs_pem_files").strings();
        Node modeNode = n.field("mode");
        // As Caddy: with trust configured the default verifies, without it only requires a certificate.
        String mode = modeNode.string(cas.isEmpty() && caFiles.isEmpty() ? "require" : "require_and_verify");
        if (!MODES.contains(mode)) {
            throw modeNode.error("client auth mode not recognized: " + mode + " (request, require, verify_if_given, require_and_verify)");
        }
        if ((mode.equals("verify_if_given") || mode.equals("require_and_verify")) && cas.isEmpty() && caFiles.isEmpty()) {
            throw modeNode.error(mode + " needs trusted_ca_certs or trusted_ca_certs_pem_files");
        }
        n.done(Set.of("trusted_leaf_certs", "trusted_leaf_certs_pem_files", "ca", "verifiers"));
        return new ClientAuth(cas, caFiles, mode);
    }
}
