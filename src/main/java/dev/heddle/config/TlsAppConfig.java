package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Caddy's {@code apps.tls}, as far as Heddle serves it: certificates loaded from files, inline
 * PEM and folders, and automation policies whose issuer is the local CA ({@code internal});
 * an {@code acme} issuer is refused (no public CA can be reached from here).
 *
 * @param automation  {@code automation.policies}, in order (the first covering a name wins)
 * @param localCaName {@code apps.pki.certificate_authorities.local.name} [Heddle Local Authority]
 * @param onDemandPermission {@code automation.on_demand}'s permission endpoint ({@code ask}, or the
 *                    {@code http} permission module's {@code endpoint}): asked with {@code ?domain=NAME}
 *                    before a certificate is issued at a handshake, 2xx = yes; null = no check
 */
public record TlsAppConfig(List<CertificateSource> certificates, List<AutomationPolicy> automation, String localCaName,
                           String onDemandPermission) {
    public static final String DEFAULT_CA_NAME = "Heddle Local Authority";
    public static final TlsAppConfig NONE = new TlsAppConfig(List.of(), List.of(), DEFAULT_CA_NAME, null);

    /** The first automation policy covering a name, or null. */
    public AutomationPolicy policyFor(String name) {
        for (AutomationPolicy p : automation) {
            if (p.covers(name)) {
                return p;
            }
        }
        return null;
    }

    /**
     * One automation policy with the internal issuer.
     *
     * @param subjects the names it covers; empty = every name
     * @param lifetime of the leaves it issues [12h, Caddy's]
     * @param internal its issuer is explicitly {@code internal}; without issuers Caddy would use
     *                 ACME for public names, and Heddle uses its local CA with a warning
     * @param onDemand its names get their certificates at their first handshake, not at load
     */
    public record AutomationPolicy(List<String> subjects, java.time.Duration lifetime, boolean signWithRoot, boolean internal,
                                   String path, boolean onDemand) {
        public boolean covers(String name) {
            return subjects.isEmpty() || subjects.stream().anyMatch(s -> s.equalsIgnoreCase(name)
                    || (s.startsWith("*.") && name.indexOf('.') > 0 && name.substring(name.indexOf('.')).equalsIgnoreCase(s.substring(1))));
        }
    }

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

    static TlsAppConfig parse(Node n, String localCaName) throws ConfigException {
        if (n.absent()) {
            return new TlsAppConfig(List.of(), List.of(), localCaName, null);
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
        Node automationNode = n.field("automation");
        String permission = automationNode.absent() ? null : onDemandPermission(automationNode.field("on_demand"));
        List<AutomationPolicy> automation = automation(automationNode);
        for (AutomationPolicy p : automation) {
            // Caddy (2.8+): open-ended on-demand issuance needs a permission check, unless the
            // issuer is only the internal CA.
            if (p.onDemand() && !p.internal() && permission == null
                    && (p.subjects().isEmpty() || p.subjects().stream().anyMatch(x -> x.contains("*")))) {
                throw new ConfigException(p.path() + ".on_demand",
                        "on-demand TLS cannot be enabled without a permission module (automation.on_demand.permission)");
            }
        }
        n.done(Set.of("session_tickets", "cache", "disable_ocsp_stapling", "disable_storage_clean",
                "dns", "ech", "resolvers", "key_type"));
        return new TlsAppConfig(List.copyOf(out), automation, localCaName, permission);
    }

    /**
     * {@code automation.on_demand}: {@code permission} (module {@code http} with {@code endpoint})
     * or the older {@code ask} (Caddy turns it into the same); null when neither is set.
     * {@code rate_limit} (2.6 to 2.8) is refused: Caddy removed it, and a permission endpoint is
     * how to bound issuance.
     */
    private static String onDemandPermission(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        String endpoint = null;
        Node permission = n.field("permission");
        if (!permission.absent()) {
            permission.requireObject();
            Node module = permission.field("module");
            if (!module.requiredString().equals("http")) {
                throw module.error("permission module \"" + module.string("") + "\" is not supported (\"http\")");
            }
            Node url = permission.field("endpoint");
            endpoint = url(url, url.requiredString());
            permission.done();
        }
        Node ask = n.field("ask");
        if (!ask.absent()) {
            if (endpoint != null) {
                throw ask.error("ask and permission are both set: use permission");
            }
            endpoint = url(ask, ask.requiredString());
        }
        n.done(Set.of("rate_limit"));
        return endpoint;
    }

    private static String url(Node n, String text) throws ConfigException {
        try {
            java.net.URI u = new java.net.URI(text);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw n.error("\"" + text + "\" is not an http(s) URL");
            }
            return text;
        } catch (java.net.URISyntaxException e) {
            throw n.error("\"" + text + "\" is not a URL: " + e.getReason());
        }
    }

    private static List<AutomationPolicy> automation(Node n) throws ConfigException {
        if (n.absent()) {
            return List.of();
        }
        n.requireObject();
        List<AutomationPolicy> out = new ArrayList<>();
        for (Node p : n.field("policies").elements()) {
            p.requireObject();
            List<String> subjects = p.field("subjects").strings();
            java.time.Duration lifetime = java.time.Duration.ofHours(12);
            boolean signWithRoot = false;
            Node issuers = p.field("issuers");
            boolean internal = !issuers.absent();
            for (Node issuer : issuers.elements()) {
                issuer.requireObject();
                Node module = issuer.field("module");
                String name = module.requiredString();
                if (!name.equals("internal")) {
                    throw module.error("issuer \"" + name + "\" is not supported: Heddle issues from its local CA (\"internal\");"
                            + " ACME needs a public CA, which Heddle does not reach (load certificates with load_files instead)");
                }
                Node ca = issuer.field("ca");
                if (!ca.string("local").equals("local")) {
                    throw ca.error("only the \"local\" CA is supported");
                }
                java.time.Duration d = issuer.field("lifetime").duration(java.time.Duration.ZERO);
                if (!d.isZero()) {
                    lifetime = d;
                }
                signWithRoot = issuer.field("sign_with_root").bool(false);
                issuer.done();
            }
            boolean onDemand = p.field("on_demand").bool(false);
            p.done(Set.of("get_certificate", "must_staple", "renewal_window_ratio", "key_type", "storage", "reuse_private_keys",
                    "disable_ocsp_stapling", "ocsp_overrides"));
            out.add(new AutomationPolicy(subjects, lifetime, signWithRoot, internal, p.path(), onDemand));
        }
        n.done(Set.of("ocsp_interval", "renew_interval", "storage_clean_interval"));
        return List.copyOf(out);
    }
}
