package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tls} in a site (parseTLS of 2.6.2): certificate files (tagged cert0, cert1, ... and
 * selected by tag), {@code internal} or an ACME email, and the connection-policy options.
 * The files are not read: {@code caddy adapt} does not read them either.
 */
final class TlsDirective {
    private TlsDirective() {
    }

    @SuppressWarnings("unchecked")
    static List<ConfigValue> parse(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode cp = Json.obj();
        ArrayNode fileLoader = Json.F.arrayNode();
        List<String> folders = new ArrayList<>();
        List<String> anyTag = new ArrayList<>();
        ObjectNode acme = null;
        boolean internal = false;
        boolean onDemand = false;
        String keyType = null;
        Map<String, String> tags = (Map<String, String>) h.ctx.options.computeIfAbsent("__tlsCertTags", k -> new HashMap<String, String>());
        while (d.next()) {
            List<String> first = d.remainingArgs();
            switch (first.size()) {
                case 0 -> {
                }
                case 1 -> {
                    if (first.get(0).equals("internal")) {
                        internal = true;
                    } else if (!first.get(0).contains("@")) {
                        throw d.err("single argument must either be 'internal' or an email address");
                    } else {
                        acme = acme == null ? Json.obj() : acme;
                        acme.put("email", first.get(0));
                    }
                }
                case 2 -> {
                    String tag = tags.get(first.get(0));
                    if (tag == null) {
                        tag = "cert" + tags.size();
                        ObjectNode pair = fileLoader.addObject();
                        pair.put("certificate", first.get(0));
                        pair.put("key", first.get(1));
                        pair.putArray("tags").add(tag);
                        tags.put(first.get(0), tag);
                    }
                    anyTag.add(tag);
                }
                default -> throw d.argErr();
            }
            boolean hasBlock = false;
            for (int n = d.nesting(); d.nextBlock(n); ) {
                hasBlock = true;
                switch (d.val()) {
                    case "protocols" -> {
                        List<String> args = d.remainingArgs();
                        if (args.isEmpty()) {
                            throw d.syntaxErr("one or two protocols");
                        }
                        cp.put("protocol_min", args.get(0));
                        if (args.size() > 1) {
                            cp.put("protocol_max", args.get(1));
                        }
                    }
                    case "ciphers" -> cp.set("cipher_suites", Json.strings(d.remainingArgs()));
                    case "curves" -> cp.set("curves", Json.strings(d.remainingArgs()));
                    case "alpn" -> {
                        List<String> args = d.remainingArgs();
                        if (args.isEmpty()) {
                            throw d.argErr();
                        }
                        cp.set("alpn", Json.strings(args));
                    }
                    case "load" -> folders.addAll(d.remainingArgs());
                    case "ca" -> {
                        List<String> args = d.remainingArgs();
                        if (args.size() != 1) {
                            throw d.argErr();
                        }
                        acme = acme == null ? Json.obj() : acme;
                        acme.put("ca", args.get(0));
                    }
                    case "key_type" -> {
                        List<String> args = d.remainingArgs();
                        if (args.size() != 1) {
                            throw d.argErr();
                        }
                        keyType = args.get(0);
                    }
                    case "on_demand" -> {
                        if (d.nextArg()) {
                            throw d.argErr();
                        }
                        onDemand = true;
                    }
                    case "insecure_secrets_log" -> cp.put("insecure_secrets_log", Transports.arg(d));
                    default -> throw d.err("unknown subdirective: " + d.val());
                }
            }
            if (first.isEmpty() && !hasBlock) {
                throw d.argErr();
            }
        }
        List<ConfigValue> out = new ArrayList<>();
        if (!fileLoader.isEmpty()) {
            out.add(new ConfigValue("tls.cert_loader.load_files", null, fileLoader));
        }
        if (!folders.isEmpty()) {
            out.add(new ConfigValue("tls.cert_loader.load_folders", null, Json.strings(folders)));
        }
        if (acme != null && internal) {
            throw d.err("cannot create both ACME and internal certificate issuers");
        }
        if (internal) {
            ObjectNode iss = Json.obj();
            iss.put("module", "internal");
            out.add(new ConfigValue("tls.cert_issuer", null, iss));
        } else if (acme != null) {
            ObjectNode a = Json.obj();
            a.put("module", "acme");
            a.setAll(acme);
            out.add(new ConfigValue("tls.cert_issuer", null, a));
            if (!acme.has("ca")) {
                ObjectNode z = Json.obj();
                z.put("module", "zerossl");
                z.setAll(acme);
                out.add(new ConfigValue("tls.cert_issuer", null, z));
            }
        }
        if (keyType != null) {
            out.add(new ConfigValue("tls.key_type", null, keyType));
        }
        if (onDemand) {
            out.add(new ConfigValue("tls.on_demand", null, true));
        }
        if (!anyTag.isEmpty()) {
            cp.putObject("certificate_selection").set("any_tag", Json.strings(anyTag));
        }
        out.add(new ConfigValue("tls.connection_policy", null, cp));
        return out;
    }
}
