package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Caddy's {@code apps.tls}, as far as Heddle serves it: certificates loaded from files, inline
 * PEM and folders. Automation (the local CA's {@code internal} issuer, ACME) is refused by name.
 */
public record TlsAppConfig(List<CertificateSource> certificates) {
    public static final TlsAppConfig NONE = new TlsAppConfig(List.of());

    /** One loader entry; {@code path} names it in the config for errors found when reading it. */
    public sealed interface CertificateSource {
        String path();
    }

    /** {@code load_files[i]}: a certificate (chain) file and a key file, PEM. */
    public record FilePair(String certificate, String key, List<String> tags, String path) implements CertificateSource {
    }

    /** {@code load_pem[i]}: the same, inline. */
    public record PemPair(String certificate, String key, List<String> tags, String path) implements CertificateSource {
    }

    /** {@code load_folders[i]}: every *.pem bundle (certificates and one key) under a directory. */
    public record Folder(String directory, String path) implements CertificateSource {
    }

    static TlsAppConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return NONE;
        }
        n.requireObject();
        List<CertificateSource> out = new ArrayList<>();
        Node certificates = n.field("certificates");
        if (!certificates.absent()) {
            certificates.requireObject();
            for (Node f : certificates.field("load_files").elements()) {
                f.requireObject();
                Node format = f.field("format");
                String fmt = format.string("");
                if (!fmt.isEmpty() && !fmt.equals("pem")) {
                    throw format.error("unrecognized certificate/key encoding format: " + fmt + " (\"pem\")");
                }
                out.add(new FilePair(f.field("certificate").requiredString(), f.field("key").requiredString(),
                        f.field("tags").strings(), f.path()));
                f.done();
            }
            for (Node p : certificates.field("load_pem").elements()) {
                p.requireObject();
                out.add(new PemPair(p.field("certificate").requiredString(), p.field("key").requiredString(),
                        p.field("tags").strings(), p.path()));
                p.done();
            }
            for (Node d : certificates.field("load_folders").elements()) {
                out.add(new Folder(d.requiredString(), d.path()));
            }
            certificates.done(Set.of("automate", "load_storage"));
        }
        n.done(Set.of("automation", "session_tickets", "cache", "disable_ocsp_stapling", "disable_storage_clean",
                "dns", "ech", "resolvers", "key_type"));
        return new TlsAppConfig(List.copyOf(out));
    }
}
