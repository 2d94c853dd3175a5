package dev.heddle.caddyfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Listener addresses and the site blocks served on them (sbAddrAssociation): each key is mapped
 * to its listeners, and listeners that serve exactly the same blocks share one server.
 */
record Pairing(List<String> addresses, List<SiteBlock> blocks) {

    static List<Pairing> of(List<SiteBlock> sites, Map<String, Object> options) throws CaddyfileException {
        Map<String, List<SiteBlock>> byAddress = new TreeMap<>();
        for (SiteBlock sb : sites) {
            Map<String, List<String>> addrToKeys = new TreeMap<>();
            for (int j = 0; j < sb.keyTexts.size(); j++) {
                String key = sb.keyTexts.get(j);
                List<String> listeners;
                try {
                    listeners = listenersFor(sb, key, options);
                } catch (CaddyfileException e) {
                    throw new CaddyfileException("server block " + sb.index + ", key " + j + " (" + key
                            + "): determining listener address: " + e.getMessage());
                }
                for (String addr : listeners) {
                    addrToKeys.computeIfAbsent(addr, k -> new ArrayList<>()).add(key);
                }
            }
            for (var e : addrToKeys.entrySet()) {
                List<SiteAddress> parsed = new ArrayList<>();
                for (String key : e.getValue()) {
                    parsed.add(SiteAddress.parse(key));
                }
                byAddress.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                        .add(new SiteBlock(sb.index, e.getValue(), sb.segments, sb.pile, parsed));
            }
        }
        // Listeners that serve the same blocks (same sites, same keys) become one server.
        Map<String, List<SiteBlock>> remaining = new LinkedHashMap<>(byAddress);
        List<Pairing> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            String addr = remaining.keySet().iterator().next();
            List<SiteBlock> blocks = remaining.remove(addr);
            TreeSet<String> addrs = new TreeSet<>(List.of(addr));
            for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
                var other = it.next();
                if (sameBlocks(blocks, other.getValue())) {
                    addrs.add(other.getKey());
                    it.remove();
                }
            }
            out.add(new Pairing(new ArrayList<>(addrs), blocks));
        }
        out.sort((a, b) -> a.addresses().get(0).compareTo(b.addresses().get(0)));
        return out;
    }

    private static boolean sameBlocks(List<SiteBlock> a, List<SiteBlock> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).index != b.get(i).index || !a.get(i).keyTexts.equals(b.get(i).keyTexts)) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static List<String> listenersFor(SiteBlock sb, String key, Map<String, Object> options)
            throws CaddyfileException {
        SiteAddress addr = SiteAddress.parse(key);
        String httpPort = String.valueOf(options.getOrDefault("http_port", 80));
        String httpsPort = String.valueOf(options.getOrDefault("https_port", 443));
        String port = !addr.port().isEmpty() ? addr.port() : addr.scheme().equals("http") ? httpPort : httpsPort;
        if ((addr.scheme().equals("http") && port.equals(httpsPort))
                || (addr.scheme().equals("https") && port.equals(httpPort))) {
            throw new CaddyfileException("[" + key + "] scheme and port violate convention");
        }
        List<String> hosts = new ArrayList<>();
        for (ConfigValue v : sb.pile("bind")) {
            hosts.addAll((List<String>) v.value());
        }
        if (hosts.isEmpty()) {
            hosts = options.get("default_bind") instanceof List<?> l ? (List<String>) l : List.of("");
        }
        TreeSet<String> listeners = new TreeSet<>();
        for (String h : hosts) {
            String network = "";
            String host = h;
            int slash = h.indexOf('/');
            if (slash >= 0) {
                network = h.substring(0, slash);
                host = h.substring(slash + 1);
            }
            host = host.replace("[", "").replace("]", "");
            boolean unix = network.startsWith("unix");
            String hostPort = unix ? host : UpstreamAddress.joinHostPort(host, port);
            listeners.add(network.isEmpty() || network.equals("tcp") ? hostPort : network + "/" + hostPort);
        }
        return new ArrayList<>(listeners);
    }
}
