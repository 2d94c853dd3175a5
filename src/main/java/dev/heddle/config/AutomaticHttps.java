package dev.heddle.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP→HTTPS redirects of Caddy's automatic HTTPS (autohttps.go phase 1), added to the
 * config as the routes Caddy generates: for each TLS server (one with tls_connection_policies
 * and a listener off {@code http_port}) and automatic HTTPS not disabled, on the same host at
 * {@code http_port}, a 308 to {@code https://{host}[:port]{uri}} with {@code close} for the
 * host names of its routes' host matchers (minus {@code skip}), then a catch-all for any
 * {@code protocol: http} request. They join a server already listening there (host routes after
 * its last route with a host matcher, the catch-all last), or a new server
 * {@code remaining_auto_https_redirects}. Certificate management is not done (issue 21).
 */
final class AutomaticHttps {
    static final String REDIRECT_SERVER = "remaining_auto_https_redirects";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private AutomaticHttps() {
    }

    /**
     * Adds, in place: as Caddy, an empty TLS policy list (TLS with one default policy) to a server
     * without one whose listeners all use {@code https_port}, unless automatic HTTPS is disabled;
     * then the redirect routes.
     */
    static void addRedirects(ObjectNode http, int httpPort, int httpsPort) {
        JsonNode servers = http.get("servers");
        if (!(servers instanceof ObjectNode all)) {
            return;
        }
        for (JsonNode s : all) {
            if (s instanceof ObjectNode server && !server.has("tls_connection_policies") && allOn(server, httpsPort)
                    && !server.path("automatic_https").path("disable").asBoolean(false)) {
                server.putArray("tls_connection_policies");
            }
        }
        // Redirect listen address → its host routes and whether a catch-all is due.
        Map<String, List<ObjectNode>> hostRoutes = new LinkedHashMap<>();
        Map<String, Boolean> catchAll = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!(e.getValue() instanceof ObjectNode server) || !server.has("tls_connection_policies")
                    || server.get("tls_connection_policies").isNull()) {
                continue;
            }
            JsonNode auto = server.path("automatic_https");
            if (auto.path("disable").asBoolean(false) || auto.path("disable_redirects").asBoolean(false)) {
                continue;
            }
            Set<String> skip = new LinkedHashSet<>();
            auto.path("skip").forEach(s -> skip.add(s.asText()));
            List<String> domains = domains(server, skip);
            for (JsonNode l : server.path("listen")) {
                ListenAddress address;
                try {
                    address = ListenAddress.parse(l.asText());
                } catch (IllegalArgumentException ex) {
                    continue;  // the server's own parse reports it
                }
                if (address.port() == httpPort) {
                    continue;
                }
                String redirect = new ListenAddress(address.host(), httpPort).toString();
                if (!domains.isEmpty()) {
                    hostRoutes.computeIfAbsent(redirect, k -> new ArrayList<>())
                            .add(route(domains, portSuffix(address.port(), httpPort, httpsPort)));
                }
                catchAll.put(redirect, true);
            }
        }
        for (String redirect : catchAll.keySet()) {
            ObjectNode target = serverListeningOn(all, redirect);
            List<ObjectNode> hosts = hostRoutes.getOrDefault(redirect, List.of());
            if (target == null) {
                ObjectNode created = (ObjectNode) all.get(REDIRECT_SERVER);
                if (created == null) {
                    created = all.putObject(REDIRECT_SERVER);
                    created.putArray("listen");
                    created.putArray("routes");
                }
                ((ArrayNode) created.get("listen")).add(redirect);
                ArrayNode routes = (ArrayNode) created.get("routes");
                hosts.forEach(routes::add);
                if (!containsCatchAll(routes)) {
                    routes.add(route(List.of(), ""));
                }
            } else {
                ArrayNode routes = target.has("routes") ? (ArrayNode) target.get("routes") : target.putArray("routes");
                int at = lastHostRoute(routes) + 1;
                for (ObjectNode r : hosts) {
                    routes.insert(at++, r);
                }
                routes.add(route(List.of(), ""));
            }
        }
    }

    /**
     * The names automatic HTTPS would get certificates for: the host matchers' names minus
     * {@code skip} and {@code skip_certificates}; none when automatic HTTPS or its certificates
     * are disabled. Placeholders and empty names are left out.
     */
    static List<String> managedNames(ObjectNode server) {
        JsonNode auto = server.path("automatic_https");
        if (auto.path("disable").asBoolean(false) || auto.path("disable_certificates").asBoolean(false)) {
            return List.of();
        }
        Set<String> skip = new LinkedHashSet<>();
        auto.path("skip").forEach(x -> skip.add(x.asText()));
        auto.path("skip_certificates").forEach(x -> skip.add(x.asText()));
        return domains(server, skip).stream().filter(d -> !d.isEmpty() && !d.contains("{")).toList();
    }

    /** Host names of the server's top-level host matchers, in order, without {@code skip}. */
    private static List<String> domains(ObjectNode server, Set<String> skip) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode route : server.path("routes")) {
            for (JsonNode set : route.path("match")) {
                for (JsonNode host : set.path("host")) {
                    if (!skip.contains(host.asText())) {
                        out.add(host.asText());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean allOn(ObjectNode server, int port) {
        JsonNode listen = server.path("listen");
        if (!listen.isArray() || listen.isEmpty()) {
            return false;
        }
        for (JsonNode l : listen) {
            try {
                if (ListenAddress.parse(l.asText()).port() != port) {
                    return false;
                }
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return true;
    }

    /** ":port" only when the HTTPS listener's port is none of http_port, https_port, 80 and 443. */
    private static String portSuffix(int port, int httpPort, int httpsPort) {
        return port == httpPort || port == httpsPort || port == 80 || port == 443 ? "" : ":" + port;
    }

    private static ObjectNode route(List<String> hosts, String port) {
        ObjectNode route = JSON.objectNode();
        ObjectNode match = route.putArray("match").addObject();
        match.put("protocol", "http");
        if (!hosts.isEmpty()) {
            ArrayNode h = match.putArray("host");
            hosts.forEach(h::add);
        }
        ObjectNode handler = route.putArray("handle").addObject();
        handler.put("handler", "static_response");
        handler.put("status_code", 308);
        handler.putObject("headers").putArray("Location").add("https://{http.request.host}" + port + "{http.request.uri}");
        handler.put("close", true);
        return route;
    }

    private static ObjectNode serverListeningOn(ObjectNode servers, String address) {
        for (Iterator<JsonNode> it = servers.elements(); it.hasNext(); ) {
            JsonNode s = it.next();
            for (JsonNode l : s.path("listen")) {
                try {
                    if (ListenAddress.parse(l.asText()).toString().equals(address) && s instanceof ObjectNode o) {
                        return o;
                    }
                } catch (IllegalArgumentException ignored) {
                    // reported by the server's own parse
                }
            }
        }
        return null;
    }

    private static int lastHostRoute(ArrayNode routes) {
        int last = -1;
        for (int i = 0; i < routes.size(); i++) {
            for (JsonNode set : routes.get(i).path("match")) {
                if (set.has("host")) {
                    last = i;
                }
            }
        }
        return last;
    }

    private static boolean containsCatchAll(ArrayNode routes) {
        for (JsonNode r : routes) {
            JsonNode match = r.path("match");
            if (match.size() == 1 && match.get(0).size() == 1 && match.get(0).has("protocol")) {
                return true;
            }
        }
        return false;
    }
}
