package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP server per pairing (serversFromPairings of 2.6.2): sites sorted most specific first,
 * each site's routes in a subroute behind its host matchers, error routes, TLS connection
 * policies, automatic-HTTPS settings, access-log mapping and the global {@code servers} options.
 */
final class ServerAssembler {
    private final Map<String, Object> options;
    private final AdaptContext ctx;
    private final String httpPort;
    private final String httpsPort;
    private final String autoHttpsMode;
    private final String defaultSni;

    ServerAssembler(Map<String, Object> options, AdaptContext ctx) {
        this.options = options;
        this.ctx = ctx;
        this.httpPort = String.valueOf(options.getOrDefault("http_port", 80));
        this.httpsPort = String.valueOf(options.getOrDefault("https_port", 443));
        this.autoHttpsMode = (String) options.getOrDefault("auto_https", "on");
        this.defaultSni = (String) options.getOrDefault("default_sni", "");
    }

    ObjectNode servers(List<Pairing> pairings) throws CaddyfileException {
        ObjectNode servers = Json.obj();
        for (int i = 0; i < pairings.size(); i++) {
            servers.set("srv" + i, server(pairings.get(i)));
        }
        applyServerOptions(servers);
        return servers;
    }

    private ObjectNode server(Pairing p) throws CaddyfileException {
        rejectAmbiguousKeys(p);
        // Sorted in place: the TLS app is built from the same order afterwards, as in Caddy.
        List<SiteBlock> blocks = p.blocks();
        GoSort.stable(blocks, ServerAssembler::moreSpecific);
        ServerState state = new ServerState(autoHttpsConfig(),
                blocks.stream().anyMatch(sb -> !sb.pile("custom_log").isEmpty()) ? Json.obj() : null);
        for (SiteBlock sb : blocks) {
            List<ObjectNode> matcherSets = hostPathMatchers(sb);
            List<String> hosts = sb.hostsFromKeys(false);
            addConnectionPolicies(state, sb, hosts);
            for (SiteAddress addr : sb.keys) {
                noteAutoHttps(state, p, addr);
            }
            Subroute site = SubrouteBuilder.build(sb.pile("route"), ctx, null);
            state.routes = appendSubroute(state.routes, site, matcherSets, p);
            for (ConfigValue v : sb.pile("error_route")) {
                state.errorRoutes = appendSubroute(state.errorRoutes == null ? new ArrayList<>() : state.errorRoutes,
                        (Subroute) v.value(), matcherSets, p);
            }
            if (state.logs != null) {
                mapLogs(state.logs, sb, hosts);
            }
        }
        if (state.qualifiesForTls && !state.hasCatchAllPolicy
                && (!state.connPolicies.isEmpty() || !state.autoHttpsAddsPolicy || !defaultSni.isEmpty())) {
            ObjectNode catchAll = Json.obj();
            if (!defaultSni.isEmpty()) {
                catchAll.put("default_sni", defaultSni);
            }
            state.connPolicies.add(catchAll);
        }
        return state.toJson(p.addresses());
    }

    /** What serversFromPairings gathers for one server while it walks the site blocks. */
    private final class ServerState {
        final ObjectNode logs;
        ObjectNode autoHttps;
        List<ObjectNode> connPolicies = new ArrayList<>();
        boolean hasCatchAllPolicy;
        boolean qualifiesForTls;
        boolean autoHttpsAddsPolicy = !autoHttpsMode.equals("off");
        List<Route> routes = new ArrayList<>();
        List<Route> errorRoutes;

        ServerState(ObjectNode autoHttps, ObjectNode logs) {
            this.autoHttps = autoHttps;
            this.logs = logs;
        }

        ObjectNode toJson(List<String> listen) {
            ObjectNode srv = Json.obj();
            srv.set("listen", Json.strings(listen));
            List<Route> joined = Route.consolidate(routes);
            if (!joined.isEmpty()) {
                srv.set("routes", Route.toJson(joined));
            }
            if (errorRoutes != null) {
                srv.putObject("errors").set("routes", Route.toJson(errorRoutes));
            }
            if (!connPolicies.isEmpty()) {
                ArrayNode a = srv.putArray("tls_connection_policies");
                dedupe(connPolicies).forEach(a::add);
            }
            if (autoHttps != null) {
                srv.set("automatic_https", autoHttps);
            }
            if (logs != null) {
                srv.set("logs", logs);
            }
            return srv;
        }
    }

    private static void rejectAmbiguousKeys(Pairing p) throws CaddyfileException {
        for (int j = 0; j < p.blocks().size(); j++) {
            for (String key : p.blocks().get(j).keyTexts) {
                for (int k = 0; k < p.blocks().size(); k++) {
                    if (k != j && p.blocks().get(k).keyTexts.contains(key)) {
                        throw new CaddyfileException("ambiguous site definition: " + key);
                    }
                }
            }
        }
    }

    private ObjectNode autoHttpsConfig() {
        if (autoHttpsMode.equals("on")) {
            return null;
        }
        ObjectNode cfg = Json.obj();
        switch (autoHttpsMode) {
            case "off" -> cfg.put("disable", true);
            case "disable_redirects" -> cfg.put("disable_redirects", true);
            case "disable_certs" -> cfg.put("disable_certificates", true);
            case "ignore_loaded_certs" -> cfg.put("ignore_loaded_certificates", true);
            default -> {
            }
        }
        return cfg;
    }

    /** The block's tls connection policy, matched to its hosts by SNI, if it sets anything. */
    private void addConnectionPolicies(ServerState state, SiteBlock sb, List<String> hosts) {
        for (ConfigValue v : sb.pile("tls.connection_policy")) {
            ObjectNode cp = ((ObjectNode) v.value()).deepCopy();
            List<String> sni = new ArrayList<>(hosts);
            if (!defaultSni.isEmpty() && sni.contains(defaultSni)) {
                sni.add("");
                cp.put("default_sni", defaultSni);
            }
            if (!sni.isEmpty()) {
                cp.putObject("match").set("sni", Json.strings(sni));
            } else if (!defaultSni.isEmpty()) {
                cp.put("default_sni", defaultSni);
            }
            ObjectNode settings = cp.deepCopy();
            settings.remove("match");
            if (!settings.isEmpty()) {
                state.connPolicies.add(cp);
                state.hasCatchAllPolicy = sni.isEmpty();
            }
        }
    }

    /** An http:// host on a port other than http_port is skipped by automatic HTTPS; the rest decide TLS. */
    private void noteAutoHttps(ServerState state, Pairing p, SiteAddress addr) {
        if (anyPortOtherThan(p.addresses(), httpPort) && addr.scheme().equals("http") && !addr.host().isEmpty()) {
            if (state.autoHttps == null) {
                state.autoHttps = Json.obj();
            }
            ArrayNode skip = HeaderDirectives.array(state.autoHttps, "skip");
            boolean present = false;
            for (var s : skip) {
                present |= s.asText().equals(addr.host());
            }
            if (!present) {
                skip.add(addr.host());
            }
        }
        if (addr.scheme().equals("https")
                || (!addr.scheme().equals("http") && !addr.host().isEmpty() && !addr.port().equals(httpPort))) {
            state.qualifiesForTls = true;
        }
        state.autoHttpsAddsPolicy = state.autoHttpsAddsPolicy
                && (addr.port().equals(httpsPort) || (!addr.port().equals(httpPort) && !addr.host().isEmpty()));
    }

    private static List<ObjectNode> dedupe(List<ObjectNode> policies) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : policies) {
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    private void mapLogs(ObjectNode logs, SiteBlock sb, List<String> hosts) {
        List<String> logHosts = sb.hostsFromKeys(true);
        List<ConfigValue> custom = sb.pile("custom_log");
        for (ConfigValue v : custom) {
            LogDirective.NamedLog log = (LogDirective.NamedLog) v.value();
            String name = log.name() == null ? "" : log.name();
            if (sb.hasHostCatchAllKey()) {
                if (!name.isEmpty()) {
                    logs.put("default_logger_name", name);
                }
            } else {
                for (String h : logHosts) {
                    HeaderDirectives.object(logs, "logger_names").put(h, name);
                }
            }
        }
        if (custom.isEmpty()) {
            if (hosts.isEmpty()) {
                logs.put("skip_unmapped_hosts", true);
            }
            ArrayNode skip = HeaderDirectives.array(logs, "skip_hosts");
            logHosts.forEach(skip::add);
            if (skip.isEmpty()) {
                logs.remove("skip_hosts");
            }
        }
    }

    /** The sort of site blocks in serversFromPairings: specific hosts first, wildcards and catch-alls last. */
    private static boolean moreSpecific(SiteBlock i, SiteBlock j) {
        Spec a = Spec.of(i);
        Spec b = Spec.of(j);
        if (specificity(a.host) == 0) {
            return false;
        }
        if (specificity(b.host) == 0) {
            return true;
        }
        if (a.wildcard != b.wildcard) {
            return b.wildcard && !a.wildcard;
        }
        if (specificity(a.host) == specificity(b.host)) {
            return a.path.length() > b.path.length();
        }
        return specificity(a.host) > specificity(b.host);
    }

    private record Spec(String host, String path, boolean wildcard) {
        static Spec of(SiteBlock sb) {
            String host = "";
            String path = "";
            boolean wildcard = false;
            for (SiteAddress a : sb.keys) {
                if (a.host().contains("*") || a.host().isEmpty()) {
                    wildcard = true;
                }
                if (specificity(a.host()) > specificity(host)) {
                    host = a.host();
                }
                if (specificity(a.path()) > specificity(path)) {
                    path = a.path();
                }
            }
            return new Spec(host, path, wildcard);
        }
    }

    /** Length, minus wildcards and placeholders. */
    static int specificity(String s) {
        int l = s.length() - (int) s.chars().filter(c -> c == '*').count();
        while (!s.isEmpty()) {
            int start = s.indexOf('{');
            if (start < 0) {
                return l;
            }
            int close = s.indexOf('}', start);
            if (close < 0) {
                return l;
            }
            l -= close + 1 - start;
            s = s.substring(close + 1);
        }
        return l;
    }

    private static boolean anyPortOtherThan(List<String> listeners, String port) {
        for (String l : listeners) {
            int colon = l.lastIndexOf(':');
            String p = colon < 0 ? "" : l.substring(colon + 1);
            if (!p.equals(port)) {
                return true;
            }
        }
        return false;
    }

    /** compileEncodedMatcherSets: host (and path) matchers from the block's keys. */
    private static List<ObjectNode> hostPathMatchers(SiteBlock sb) {
        record Pair(List<String> hosts, String path) {
        }
        List<Pair> pairs = new ArrayList<>();
        boolean catchAll = false;
        for (SiteAddress addr : sb.keys) {
            Pair chosen = null;
            for (Pair p : pairs) {
                if (p.path().equals(addr.path())) {
                    chosen = p;
                    break;
                }
            }
            if (chosen == null) {
                chosen = new Pair(new ArrayList<>(), addr.path());
                pairs.add(chosen);
            }
            if (addr.host().isEmpty() && !catchAll) {
                chosen.hosts().clear();
                catchAll = true;
            }
            if (catchAll) {
                continue;
            }
            if (!chosen.hosts().contains(addr.host())) {
                chosen.hosts().add(addr.host());
            }
        }
        List<ObjectNode> sets = new ArrayList<>();
        for (Pair p : pairs) {
            ObjectNode set = Json.obj();
            if (!p.hosts().isEmpty()) {
                set.set("host", Json.strings(p.hosts()));
            }
            if (!p.path().isEmpty()) {
                set.putArray("path").add(p.path());
            }
            if (!set.isEmpty()) {
                sets.add(set);
            }
        }
        return sets;
    }

    /** appendSubrouteToRouteList: wrap the site in a terminal subroute unless it is the only, host-less site. */
    private static List<Route> appendSubroute(List<Route> list, Subroute sub, List<ObjectNode> matcherSets, Pairing p) {
        if (matcherSets.isEmpty() && sub.routes.isEmpty()) {
            return list;
        }
        boolean wrap = true;
        if (matcherSets.isEmpty() && p.blocks().size() == 1) {
            boolean hostMatcher = false;
            for (Route r : sub.routes) {
                for (ObjectNode ms : r.matcherSets) {
                    hostMatcher |= ms.has("host");
                }
            }
            wrap = hostMatcher;
        }
        List<Route> out = new ArrayList<>(list);
        if (wrap) {
            Route route = new Route();
            route.terminal = true;
            route.matcherSets.addAll(matcherSets);
            if (!sub.routes.isEmpty()) {
                route.handlers.add(sub.toHandler());
            }
            if (!route.matcherSets.isEmpty() || !route.handlers.isEmpty()) {
                out.add(route);
            }
        } else {
            out.addAll(sub.routes);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private void applyServerOptions(ObjectNode servers) {
        List<GlobalOptions.ServerOptions> all = (List<GlobalOptions.ServerOptions>) options.get("servers");
        if (all == null) {
            return;
        }
        for (var it = servers.fields(); it.hasNext(); ) {
            ObjectNode srv = (ObjectNode) it.next().getValue();
            List<String> listen = new ArrayList<>();
            srv.get("listen").forEach(n -> listen.add(n.asText()));
            for (GlobalOptions.ServerOptions o : all) {
                if (o.listenerAddress().isEmpty() || listen.contains(o.listenerAddress())) {
                    ObjectNode fields = o.fields().deepCopy();
                    if (fields.has("logs")) {
                        HeaderDirectives.object(srv, "logs").setAll((ObjectNode) fields.remove("logs"));
                    }
                    srv.setAll(fields);
                    break;
                }
            }
        }
    }
}
