package dev.heddle.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * PEM text to certificates and a private key, in every form Caddy (Go's tls.X509KeyPair) takes:
 * PKCS#8 "PRIVATE KEY", PKCS#1 "RSA PRIVATE KEY" and SEC1 "EC PRIVATE KEY" (with or without "EC
 * PARAMETERS" before it). BouncyCastle parses; the JDK's own providers hold the keys.
 */
public final class PemReader {
    private PemReader() {
    }

    /** Every certificate block, in order (a leaf and its chain); other blocks are skipped. */
    public static List<X509Certificate> certificates(String pem) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(converter.getCertificate(h));
                }
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException("not a valid PEM certificate: " + e.getMessage(), e);
        }
        return out;
    }

    /** The first private key; an encrypted key is refused, as Caddy refuses it. */
    public static PrivateKey privateKey(String pem) throws IOException {
        if (pem.contains("ENCRYPTED")) {
            throw new IOException("encrypted private keys are not supported");
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        org.bouncycastle.asn1.ASN1ObjectIdentifier curve = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier named) {
                    curve = named;  // "EC PARAMETERS" before an "EC PRIVATE KEY" that may leave them out
                } else if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(withCurve(pair.getPrivateKeyInfo(), curve));
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not a valid PEM private key: " + e.getMessage(), e);
        }
        throw new IOException("no private key found (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
    }

    /** A SEC1 key whose curve is named only in the EC PARAMETERS block gets it in its algorithm identifier. */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info, org.bouncycastle.asn1.ASN1ObjectIdentifier curve) throws IOException {
        var algorithm = info.getPrivateKeyAlgorithm();
        if (curve == null || !algorithm.getAlgorithm().equals(org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey)
                || (algorithm.getParameters() != null && !(algorithm.getParameters() instanceof org.bouncycastle.asn1.ASN1Null))) {
            return info;
        }
        return new PrivateKeyInfo(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(algorithm.getAlgorithm(), curve),
                info.parsePrivateKey());
    }
}
