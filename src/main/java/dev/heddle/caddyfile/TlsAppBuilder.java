package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tls} app (buildTLSApp of 2.6.2): one automation policy per HTTPS site (internal
 * names split off to the internal issuer), certificate loaders from {@code tls cert key},
 * then Caddy's consolidation, which drops policies that say nothing.
 */
final class TlsAppBuilder {
    private TlsAppBuilder() {
    }

    static ObjectNode build(List<Pairing> pairings, Map<String, Object> options) throws CaddyfileException {
        String httpPort = String.valueOf(options.getOrDefault("http_port", 80));
        String autoHttps = (String) options.getOrDefault("auto_https", "on");
        Set<String> sharedWithHostless = autoHttps.equals("off") ? Set.of() : sharedWithHostless(pairings, httpPort);
        List<ObjectNode> policies = new ArrayList<>();
        ObjectNode catchAll = basePolicy(options, false);
        if (catchAll != null) {
            policies.add(catchAll);
        }
        ArrayNode loadFiles = Json.F.arrayNode();
        ArrayNode loadFolders = Json.F.arrayNode();
        for (Pairing p : pairings) {
            if (!anyPortOtherThan(p.addresses(), httpPort)) {
                continue;
            }
            for (SiteBlock sb : p.blocks()) {
                if (sb.isAllHttp()) {
                    continue;
                }
                catchAll = addSitePolicies(policies, sb, options, catchAll, httpPort);
                sb.pile("tls.cert_loader.load_files").forEach(v -> loadFiles.addAll((ArrayNode) v.value()));
                sb.pile("tls.cert_loader.load_folders").forEach(v -> loadFolders.addAll((ArrayNode) v.value()));
            }
        }
        ObjectNode certificates = Json.obj();
        if (!loadFiles.isEmpty()) {
            certificates.set("load_files", loadFiles);
        }
        if (!loadFolders.isEmpty()) {
            certificates.set("load_folders", loadFolders);
        }
        if (!sharedWithHostless.isEmpty()) {
            certificates.set("automate", Json.strings(sharedWithHostless));
            addInternalPolicy(policies, sharedWithHostless);
        }
        ObjectNode tls = Json.obj();
        List<ObjectNode> consolidated = policies.isEmpty() ? List.of() : finish(policies, options);
        if (!consolidated.isEmpty()) {
            ArrayNode a = tls.putObject("automation").putArray("policies");
            consolidated.forEach(a::add);
        }
        if (!certificates.isEmpty()) {
            tls.set("certificates", certificates);
        }
        return tls.isEmpty() ? null : tls;
    }

    /** Hosts of HTTPS keys in blocks that also have a host-less key: certificates are automated for them. */
    private static Set<String> sharedWithHostless(List<Pairing> pairings, String httpPort) {
        Set<String> shared = new LinkedHashSet<>();
        for (Pairing p : pairings) {
            for (SiteBlock sb : p.blocks()) {
                for (SiteAddress addr : sb.keys) {
                    if (addr.host().isEmpty()) {
                        for (SiteAddress other : sb.keys) {
                            if (!other.original().equals(addr.original()) && !other.host().isEmpty()
                                    && !other.scheme().equals("http") && !other.port().equals(httpPort)) {
                                shared.add(other.host());
                            }
                        }
                        break;
                    }
                }
            }
        }
        return shared;
    }

    /** One site's automation policy (and one for its internal names, if it mixes them); returns the catch-all. */
    private static ObjectNode addSitePolicies(List<ObjectNode> policies, SiteBlock sb, Map<String, Object> options,
                                              ObjectNode catchAll, String httpPort) throws CaddyfileException {
        ObjectNode ap = basePolicy(options, true);
        List<String> hosts = sb.hostsFromKeys(false);
        if (hosts.isEmpty() && catchAll != null) {
            ap = catchAll;
        }
        if (!sb.pile("tls.on_demand").isEmpty()) {
            ap.put("on_demand", true);
        }
        if (!sb.pile("tls.key_type").isEmpty()) {
            ap.put("key_type", (String) sb.pile("tls.key_type").get(0).value());
        }
        if (!sb.pile("tls.cert_issuer").isEmpty()) {
            ArrayNode issuers = Json.F.arrayNode();
            sb.pile("tls.cert_issuer").forEach(v -> issuers.add((ObjectNode) v.value()));
            if (ap == catchAll && ap.has("issuers") && !ap.get("issuers").equals(issuers)) {
                throw new CaddyfileException("automation policy from site block is also default/catch-all policy"
                        + " because of key without hostname, and the two are in conflict");
            }
            ap.set("issuers", issuers);
        }
        ObjectNode newCatchAll = hosts.isEmpty() && catchAll == null ? ap : catchAll;
        List<String> subjects = new ArrayList<>(sb.hostsFromKeysNotHttp(httpPort));
        subjects.sort(null);
        setSubjects(ap, subjects);
        ObjectNode ap2 = null;
        if (!ap.has("issuers")) {
            List<String> internal = new ArrayList<>();
            List<String> external = new ArrayList<>();
            for (String s : subjects) {
                if (!Subjects.qualifiesForCert(s)) {
                    throw new CaddyfileException("subject does not qualify for certificate: '" + s + "'");
                }
                (Subjects.qualifiesForPublicCert(s, ap.path("on_demand").asBoolean()) ? external : internal).add(s);
            }
            if (!external.isEmpty() && !internal.isEmpty()) {
                setSubjects(ap, external);
                ap2 = ap.deepCopy();
                setSubjects(ap2, internal);
                ap2.putArray("issuers").addObject().put("module", "internal");
            }
        }
        policies.add(ap);
        if (ap2 != null) {
            policies.add(ap2);
        }
        return newCatchAll;
    }

    private static void addInternalPolicy(List<ObjectNode> policies, Set<String> hosts) {
        List<String> internal = new ArrayList<>();
        for (String h : hosts) {
            if (!Subjects.qualifiesForPublicCert(h, false)) {
                internal.add(h);
            }
        }
        if (!internal.isEmpty()) {
            ObjectNode ap = Json.obj();
            setSubjects(ap, internal);
            ap.putArray("issuers").addObject().put("module", "internal");
            policies.add(ap);
        }
    }

    /** Global ACME defaults, consolidation, and the rule that a host is in one policy only. */
    private static List<ObjectNode> finish(List<ObjectNode> policies, Map<String, Object> options)
            throws CaddyfileException {
        applyGlobalAcme(policies, options);
        List<ObjectNode> consolidated = consolidate(policies);
        Set<String> seen = new LinkedHashSet<>();
        for (ObjectNode ap : consolidated) {
            for (JsonNode s : ap.path("subjects")) {
                if (!seen.add(s.asText())) {
                    throw new CaddyfileException("hostname appears in more than one automation policy,"
                            + " making certificate management ambiguous: " + s.asText());
                }
            }
        }
        return consolidated;
    }

    private static void setSubjects(ObjectNode ap, List<String> subjects) {
        if (subjects.isEmpty()) {
            ap.remove("subjects");
        } else {
            ap.set("subjects", Json.strings(subjects));
        }
    }

    /** newBaseAutomationPolicy: the global issuer and key-type options, if any. */
    private static ObjectNode basePolicy(Map<String, Object> options, boolean always) throws CaddyfileException {
        boolean local = options.containsKey("local_certs");
        boolean keyType = options.containsKey("key_type");
        if (!local && !keyType) {
            return always ? Json.obj() : null;
        }
        ObjectNode ap = Json.obj();
        if (keyType) {
            ap.put("key_type", (String) options.get("key_type"));
        }
        if (local) {
            ap.putArray("issuers").addObject().put("module", "internal");
        }
        return ap;
    }

    /** Global email / acme_ca give public-name policies without issuers explicit ACME issuers. */
    private static void applyGlobalAcme(List<ObjectNode> policies, Map<String, Object> options) {
        String email = (String) options.get("email");
        String ca = (String) options.get("acme_ca");
        if (email == null && ca == null) {
            return;
        }
        for (ObjectNode ap : policies) {
            if (!ap.has("issuers") && allPublic(ap)) {
                ArrayNode issuers = ap.putArray("issuers");
                if (ca != null) {
                    ObjectNode iss = issuers.addObject();
                    iss.put("module", ca.contains("zerossl") ? "zerossl" : "acme");
                } else {
                    issuers.addObject().put("module", "acme");
                    issuers.addObject().put("module", "zerossl");
                }
            }
            for (JsonNode iss : ap.path("issuers")) {
                ObjectNode o = (ObjectNode) iss;
                if (!o.path("module").asText().equals("internal")) {
                    if (email != null && !o.has("email")) {
                        o.put("email", email);
                    }
                    if (ca != null && !o.has("ca")) {
                        o.put("ca", ca);
                    }
                }
            }
        }
    }

    private static boolean allPublic(ObjectNode ap) {
        for (JsonNode s : ap.path("subjects")) {
            if (!Subjects.qualifiesForPublicCert(s.asText(), ap.path("on_demand").asBoolean())) {
                return false;
            }
        }
        return true;
    }

    /** consolidateAutomationPolicies of 2.6.2. */
    static List<ObjectNode> consolidate(List<ObjectNode> input) {
        List<ObjectNode> aps = new ArrayList<>(input);
        GoSort.stable(aps, (a, b) -> {
            if (isSubset(a, b)) {
                return true;
            }
            if (isSubset(b, a)) {
                return false;
            }
            return a.path("subjects").size() > b.path("subjects").size();
        });
        int empty = 0;
        int original = aps.size();
        for (int i = 0; i < aps.size(); i++) {
            ObjectNode rest = aps.get(i).deepCopy();
            rest.remove("subjects");
            if (rest.isEmpty()) {
                empty++;
                if (!allPublic(aps.get(i))) {
                    aps.remove(i);
                    i--;
                }
            }
        }
        if (empty == original) {
            return List.of();
        }
        outer:
        for (int i = 0; i < aps.size(); i++) {
            for (int j = i + 1; j < aps.size(); j++) {
                ObjectNode a = aps.get(i);
                ObjectNode b = aps.get(j);
                if (a.equals(b)) {
                    aps.remove(j);
                    i--;
                    continue outer;
                }
                ObjectNode ra = a.deepCopy();
                ObjectNode rb = b.deepCopy();
                ra.remove("subjects");
                rb.remove("subjects");
                if (ra.equals(rb)) {
                    if (a.path("subjects").size() > 0 && b.path("subjects").size() == 0) {
                        continue;
                    }
                    ArrayNode subj = HeaderDirectives.array(a, "subjects");
                    for (JsonNode s : b.path("subjects")) {
                        boolean has = false;
                        for (JsonNode x : subj) {
                            has |= x.asText().equals(s.asText());
                        }
                        if (!has) {
                            subj.add(s.asText());
                        }
                    }
                    if (subj.isEmpty()) {
                        a.remove("subjects");
                    }
                    aps.remove(j);
                    j--;
                }
            }
        }
        return aps;
    }

    private static boolean isSubset(ObjectNode a, ObjectNode b) {
        if (b.path("subjects").size() == 0) {
            return true;
        }
        if (a.path("subjects").size() == 0) {
            return false;
        }
        for (JsonNode as : a.path("subjects")) {
            boolean in = false;
            for (JsonNode bs : b.path("subjects")) {
                in |= Subjects.matchWildcard(as.asText(), bs.asText());
            }
            if (!in) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyPortOtherThan(List<String> listeners, String port) {
        for (String l : listeners) {
            int colon = l.lastIndexOf(':');
            if (!(colon < 0 ? "" : l.substring(colon + 1)).equals(port)) {
                return true;
            }
        }
        return false;
    }
}
