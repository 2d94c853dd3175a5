package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The http transport's {@code tls}: present (even empty) means HTTPS to upstreams.
 *
 * @param caPemFiles   trusted roots from PEM files (ca provider "file", or the older root_ca_pem_files)
 * @param caInline     trusted roots as base64 DER (ca provider "inline" trusted_ca_certs, or root_ca_pool)
 * @param exceptPorts  upstream ports that stay plain HTTP
 * @param path         where this block is in the config (for errors found when loading the files)
 */
public record TlsConfig(List<String> caPemFiles, List<String> caInline, String clientCertificateFile,
                        String clientCertificateKeyFile, boolean insecureSkipVerify, String serverName,
                        Duration handshakeTimeout, Set<Integer> exceptPorts, String path) {

    static TlsConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return null;
        }
        n.requireObject();
        List<String> pem = new ArrayList<>(n.field("root_ca_pem_files").strings());
        List<String> inline = new ArrayList<>(n.field("root_ca_pool").strings());
        Node ca = n.field("ca");
        if (!ca.absent()) {
            ca.requireObject();
            Node provider = ca.field("provider");
            switch (provider.requiredString()) {
                case "file" -> pem.addAll(ca.field("pem_files").strings());
                case "inline" -> inline.addAll(ca.field("trusted_ca_certs").strings());
                default -> throw provider.error("CA provider \"" + provider.string() + "\" is not supported (file, inline)");
            }
            ca.done();
        }
        String cert = n.field("client_certificate_file").string("");
        String key = n.field("client_certificate_key_file").string("");
        if (cert.isEmpty() != key.isEmpty()) {
            throw n.error("client_certificate_file and client_certificate_key_file go together");
        }
        boolean insecure = n.field("insecure_skip_verify").bool(false);
        String serverName = n.field("server_name").string("");
        Duration handshake = n.field("handshake_timeout").duration(Duration.ZERO);
        Set<Integer> except = new java.util.HashSet<>();
        for (Node p : n.field("except_ports").elements()) {
            String v = p.json().isTextual() ? p.string() : Long.toString(p.integer(0));
            if (!v.matches("\\d{1,5}")) {
                throw p.error("\"" + v + "\" is not a port");
            }
            except.add(Integer.parseInt(v));
        }
        n.done(Set.of("client_certificate_automate", "renegotiation", "curves"));
        return new TlsConfig(List.copyOf(pem), List.copyOf(inline), cert, key, insecure, serverName, handshake,
                Set.copyOf(except), n.path());
    }
}
