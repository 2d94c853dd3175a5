package dev.heddle.transport;

import dev.heddle.config.ConfigException;
import dev.heddle.config.TlsConfig;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/** Builds the TLS client context of a transport from its config, once per load; errors name the field. */
public final class TlsContexts {
    private TlsContexts() {
    }

    public static TlsSettings settings(TlsConfig c) throws ConfigException {
        if (c == null) {
            return null;
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(c), trustManagers(c), null);
            return new TlsSettings(ctx, c.serverName(), c.insecureSkipVerify(), c.handshakeTimeout(), c.exceptPorts());
        } catch (GeneralSecurityException e) {
            throw new ConfigException(c.path(), "cannot set up TLS: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(TlsConfig c) throws ConfigException, GeneralSecurityException {
        if (c.insecureSkipVerify()) {
            return new TrustManager[] {new TrustAll()};
        }
        if (c.caPemFiles().isEmpty() && c.caInline().isEmpty()) {
            return null;  // the JDK's default trust store
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (int i = 0; i < c.caPemFiles().size(); i++) {
            for (Certificate cert : certificates(read(c, c.caPemFiles().get(i), "ca.pem_files[" + i + "]"), c, "ca.pem_files[" + i + "]")) {
                store.setCertificateEntry("ca" + n++, cert);
            }
        }
        for (int i = 0; i < c.caInline().size(); i++) {
            byte[] der;
            try {
                der = Base64.getDecoder().decode(c.caInline().get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(c.path() + ".ca.trusted_ca_certs[" + i + "]", "is not base64");
            }
            for (Certificate cert : certificates(der, c, "ca.trusted_ca_certs[" + i + "]")) {
                store.setCertificateEntry("ca" + n++, cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf.getTrustManagers();
    }

    private static javax.net.ssl.KeyManager[] keyManagers(TlsConfig c) throws ConfigException, GeneralSecurityException {
        if (c.clientCertificateFile().isEmpty()) {
            return null;
        }
        Collection<? extends Certificate> chain = certificates(read(c, c.clientCertificateFile(), "client_certificate_file"), c,
                "client_certificate_file");
        PrivateKey key = privateKey(read(c, c.clientCertificateKeyFile(), "client_certificate_key_file"), c);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, new char[0]);
        return kmf.getKeyManagers();
    }

    private static byte[] read(TlsConfig c, String file, String field) throws ConfigException {
        try {
            return Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new ConfigException(c.path() + "." + field, "cannot read \"" + file + "\": " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(byte[] bytes, TlsConfig c, String field) throws ConfigException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new ConfigException(c.path() + "." + field, "holds no certificate");
            }
            return certs;
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(c.path() + "." + field, "is not a PEM or DER certificate: " + e.getMessage());
        }
    }

    /** A PKCS#8 PEM key ("BEGIN PRIVATE KEY"), RSA or EC. */
    private static PrivateKey privateKey(byte[] pem, TlsConfig c) throws ConfigException {
        String text = new String(pem, java.nio.charset.StandardCharsets.US_ASCII);
        String field = c.path() + ".client_certificate_key_file";
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new ConfigException(field, "must be a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt");
        }
        String b64 = text.substring(text.indexOf("-----BEGIN PRIVATE KEY-----") + 27, text.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64));
        List<String> tried = new ArrayList<>();
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                tried.add(alg);
            }
        }
        throw new ConfigException(field, "is not an " + String.join(", ", tried) + " key");
    }

    /** insecure_skip_verify: no verification at all, as Caddy's option says. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
