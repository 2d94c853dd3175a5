package dev.heddle.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Caddy's {@code {http.request.tls.*}} (replacer.go getReqTLSReplacement): known only on a TLS
 * connection. Without a client certificate the {@code client.*} ones are empty, as current Caddy
 * has them. {@code resumed} is not known (the JDK does not say whether a session was resumed).
 */
final class TlsPlaceholders {
    private TlsPlaceholders() {
    }

    /** The value for the key after "http.request.tls.", or null when unknown. */
    static String value(TlsInfo tls, String key) {
        if (tls == null) {
            return null;
        }
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return switch (k) {
            case "version" -> tls.version();
            case "cipher_suite" -> tls.cipherSuite();
            case "proto" -> tls.alpn();
            case "proto_mutual" -> "true";
            case "server_name" -> tls.serverName();
            default -> k.startsWith("client.") ? client(tls, k.substring(7)) : null;
        };
    }

    private static String client(TlsInfo tls, String k) {
        if (tls.clientChain().isEmpty()) {
            return "";
        }
        X509Certificate leaf = tls.clientChain().get(0);
        try {
            if (k.startsWith("san.")) {
                return san(leaf, k.substring(4));
            }
            return switch (k) {
                case "fingerprint" -> sha256(leaf.getEncoded());
                case "public_key" -> HexFormat.of().formatHex(leaf.getPublicKey().getEncoded());
                case "public_key_sha256" -> sha256(leaf.getPublicKey().getEncoded());
                case "issuer" -> leaf.getIssuerX500Principal().getName();
                case "subject" -> leaf.getSubjectX500Principal().getName();
                case "serial" -> leaf.getSerialNumber().toString();
                case "certificate_der_base64" -> Base64.getEncoder().encodeToString(leaf.getEncoded());
                case "certificate_pem" -> "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(leaf.getEncoded())
                        + "\n-----END CERTIFICATE-----\n";
                default -> null;
            };
        } catch (CertificateEncodingException e) {
            return "";
        }
    }

    /** san.dns_names, .emails, .ips, .uris: the whole list as Go prints a slice, or .N for one. */
    private static String san(X509Certificate leaf, String k) {
        int dot = k.indexOf('.');
        String kind = dot < 0 ? k : k.substring(0, dot);
        int type = switch (kind) {
            case "dns_names" -> 2;
            case "emails" -> 1;
            case "ips" -> 7;
            case "uris" -> 6;
            default -> -1;
        };
        if (type < 0) {
            return null;
        }
        List<String> values = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if ((Integer) san.get(0) == type) {
                        values.add(san.get(1).toString());
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return "";
        }
        if (dot < 0) {
            return "[" + String.join(" ", values) + "]";
        }
        String index = k.substring(dot + 1);
        if (!index.matches("\\d{1,9}")) {
            return null;
        }
        int i = Integer.parseInt(index);
        return i < values.size() ? values.get(i) : "";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
