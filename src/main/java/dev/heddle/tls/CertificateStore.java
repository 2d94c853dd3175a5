package dev.heddle.tls;

import dev.heddle.config.ConfigException;
import dev.heddle.config.TlsAppConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The certificates a config loads ({@code apps.tls.certificates}), indexed by name. Lookup is
 * CertMagic's: the exact name, then the name with its labels replaced by {@code *} one at a
 * time from the left ({@code *.b.c}, {@code *.*.c}, ...).
 */
public final class CertificateStore {
    private final List<ServerCertificate> all;
    private final Map<String, List<ServerCertificate>> byName = new HashMap<>();
    private final Map<String, ServerCertificate> byAlias = new HashMap<>();

    CertificateStore(List<ServerCertificate> all) {
        this.all = List.copyOf(all);
        for (ServerCertificate c : all) {
            byAlias.put(c.alias(), c);
            for (String name : c.names()) {
                byName.computeIfAbsent(name, n -> new ArrayList<>()).add(c);
            }
        }
    }

    /** Reads every loader's files; a file that cannot be read or parsed names its config path. */
    public static CertificateStore load(TlsAppConfig config) throws ConfigException {
        List<ServerCertificate> out = new ArrayList<>();
        for (TlsAppConfig.CertificateSource source : config.certificates()) {
            switch (source) {
                case TlsAppConfig.FilePair f -> out.add(pair(read(f.certificate(), f.path() + ".certificate"),
                        read(f.key(), f.path() + ".key"), f.tags(), f.path()));
                case TlsAppConfig.PemPair p -> out.add(pair(p.certificate(), p.key(), p.tags(), p.path()));
                case TlsAppConfig.Folder d -> out.addAll(folder(d));
            }
        }
        return new CertificateStore(out);
    }

    public List<ServerCertificate> all() {
        return all;
    }

    /** The same certificates with {@code old} replaced by {@code fresh}, or added when {@code old} is null. */
    CertificateStore replacing(ServerCertificate old, ServerCertificate fresh) {
        List<ServerCertificate> next = new ArrayList<>(all);
        int i = old == null ? -1 : next.indexOf(old);
        if (i >= 0) {
            next.set(i, fresh);
        } else {
            next.add(fresh);
        }
        return new CertificateStore(next);
    }

    /** Whether a certificate here covers {@code name} (exactly or by wildcard). */
    public boolean covers(String name) {
        return !find(name).isEmpty();
    }

    ServerCertificate byAlias(String alias) {
        return byAlias.get(alias);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** Certificates for {@code name}: exact first, then ever wider wildcards. */
    List<ServerCertificate> find(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        List<ServerCertificate> exact = byName.get(n);
        if (exact != null) {
            return exact;
        }
        String[] labels = n.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            labels[i] = "*";
            List<ServerCertificate> wild = byName.get(String.join(".", labels));
            if (wild != null) {
                return wild;
            }
        }
        return List.of();
    }

    private static ServerCertificate pair(String certificatePem, String keyPem, List<String> tags, String path)
            throws ConfigException {
        try {
            List<X509Certificate> chain = PemReader.certificates(certificatePem);
            if (chain.isEmpty()) {
                throw new ConfigException(path + ".certificate", "no CERTIFICATE block found");
            }
            PrivateKey key = PemReader.privateKey(keyPem);
            if (!matches(chain.get(0), key)) {
                throw new ConfigException(path, "the private key does not match the certificate");
            }
            return ServerCertificate.of(chain, key, tags);
        } catch (IOException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    /** Whether the key is the certificate's: a signature by one verifies with the other. */
    private static boolean matches(X509Certificate cert, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();  // EdDSA, Ed25519
        };
        try {
            byte[] probe = "heddle".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature sign = java.security.Signature.getInstance(algorithm);
            sign.initSign(key);
            sign.update(probe);
            byte[] signature = sign.sign();
            java.security.Signature verify = java.security.Signature.getInstance(algorithm);
            verify.initVerify(cert.getPublicKey());
            verify.update(probe);
            return verify.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static String read(String file, String path) throws ConfigException {
        try {
            return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(path, "cannot read \"" + file + "\": " + e.getMessage());
        }
    }

    /** Caddy's load_folders: every *.pem file under the directory is a bundle of certificates and one key. */
    private static List<ServerCertificate> folder(TlsAppConfig.Folder d) throws ConfigException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(d.directory()))) {
            files = walk.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pem") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(d.path(), "cannot read the folder \"" + d.directory() + "\": " + e.getMessage());
        }
        List<ServerCertificate> out = new ArrayList<>();
        for (Path f : files) {
            String bundle = read(f.toString(), d.path());
            out.add(pair(bundle, bundle, List.of(), d.path() + " (" + f + ")"));
        }
        return out;
    }
}
