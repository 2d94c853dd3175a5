package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConnectionPolicyConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One connection policy's handshake parameters in the JDK's terms: TLS versions, cipher suites,
 * named groups and whether a client certificate is asked for or required. Applied to each
 * accepted socket whose ClientHello the policy matched.
 *
 * @param clientAuthMode Caddy's client_authentication mode; "" when none is asked for
 */
record HandshakeParameters(List<String> protocols, List<String> cipherSuites, List<String> namedGroups, String clientAuthMode) {
    /** Go's cipher suite names that differ from the IANA (JSSE) ones. */
    private static final Map<String, String> GO_CIPHER_ALIASES = Map.of(
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final Map<String, String> CURVES = Map.of(
            "x25519", "x25519", "secp256r1", "secp256r1", "secp384r1", "secp384r1", "secp521r1", "secp521r1",
            "x25519mlkem768", "X25519MLKEM768");

    /** A policy's parameters, checked; errors name the policy's path. */
    static HandshakeParameters of(ConnectionPolicyConfig p) throws ConfigException {
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
        String mode = p.clientAuth() == null ? "" : p.clientAuth().mode();
        return new HandshakeParameters(List.copyOf(protocols), List.copyOf(ciphers), List.copyOf(groups), mode);
    }

    /** These parameters for one socket, with the listener's ALPN protocols. */
    SSLParameters ssl(List<String> alpn) {
        SSLParameters p = new SSLParameters();
        p.setProtocols(protocols.toArray(new String[0]));
        if (!cipherSuites.isEmpty()) {
            p.setCipherSuites(cipherSuites.toArray(new String[0]));
        }
        if (!namedGroups.isEmpty()) {
            p.setNamedGroups(namedGroups.toArray(new String[0]));
        }
        p.setApplicationProtocols(alpn.toArray(new String[0]));
        switch (clientAuthMode) {
            case "request", "verify_if_given" -> p.setWantClientAuth(true);
            case "require", "require_and_verify" -> p.setNeedClientAuth(true);
            default -> { }
        }
        return p;
    }
}
