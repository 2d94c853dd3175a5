package dev.heddle.tls;

import dev.heddle.config.ConnectionPolicyConfig;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One loaded certificate: the chain presented, its key, the names it is for (subject common
 * name, DNS and IP SANs, lower-cased, as CertMagic collects them) and the config's tags.
 */
public record ServerCertificate(String alias, X509Certificate[] chain, PrivateKey key, Set<String> names, List<String> tags) {
    private static final AtomicLong NEXT = new AtomicLong();

    static ServerCertificate of(List<X509Certificate> chain, PrivateKey key, List<String> tags) {
        return new ServerCertificate("heddle-" + NEXT.incrementAndGet(), chain.toArray(new X509Certificate[0]), key,
                namesOf(chain.get(0)), List.copyOf(tags));
    }

    X509Certificate leaf() {
        return chain[0];
    }

    /** The JSSE key type this certificate's key serves ("RSA" also covers "RSASSA-PSS"). */
    boolean servesKeyType(String keyType) {
        String algorithm = key.getAlgorithm();
        return switch (keyType) {
            case "RSA", "RSASSA-PSS" -> algorithm.equals("RSA");
            case "EC" -> algorithm.equals("EC");
            case "EdDSA", "Ed25519" -> algorithm.equals("EdDSA") || algorithm.equals("Ed25519");
            default -> false;
        };
    }

    /** Caddy's certificate_selection: every criterion given must hold. */
    boolean selectedBy(ConnectionPolicyConfig.CertificateSelection s) {
        if (!s.serialNumbers().isEmpty() && !s.serialNumbers().contains(leaf().getSerialNumber())) {
            return false;
        }
        if (!s.subjectOrganization().isEmpty() && s.subjectOrganization().stream().noneMatch(this::hasOrganization)) {
            return false;
        }
        if (!s.publicKeyAlgorithm().isEmpty() && !s.publicKeyAlgorithm().equals(algorithmName())) {
            return false;
        }
        if (!s.anyTag().isEmpty() && s.anyTag().stream().noneMatch(tags::contains)) {
            return false;
        }
        return s.allTags().isEmpty() || tags.containsAll(s.allTags());
    }

    private String algorithmName() {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "rsa";
            case "EC" -> "ecdsa";
            default -> "ed25519";
        };
    }

    private boolean hasOrganization(String organization) {
        for (var rdn : new org.bouncycastle.asn1.x500.X500Name(leaf().getSubjectX500Principal().getName()).getRDNs(
                org.bouncycastle.asn1.x500.style.BCStyle.O)) {
            if (rdn.getFirst().getValue().toString().equals(organization)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> namesOf(X509Certificate leaf) {
        Set<String> out = new LinkedHashSet<>();
        for (var rdn : new org.bouncycastle.asn1.x500.X500Name(leaf.getSubjectX500Principal().getName()).getRDNs(
                org.bouncycastle.asn1.x500.style.BCStyle.CN)) {
            out.add(rdn.getFirst().getValue().toString().toLowerCase(Locale.ROOT));
        }
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    int type = (Integer) san.get(0);
                    if (type == 2 || type == 7) {  // dNSName, iPAddress
                        out.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: the common name stands
        }
        return Set.copyOf(out);
    }
}
