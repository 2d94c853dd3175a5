package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code forward_auth} (forwardauth/caddyfile.go of 2.6.2): a reverse_proxy that sends a GET
 * with the original method and URI in headers, and on a 2xx copies the named response headers
 * into the request.
 */
final class ForwardAuthDirective {
    private ForwardAuthDirective() {
    }

    static List<ConfigValue> parse(Helper h) throws CaddyfileException {
        if (!h.d.next()) {
            throw h.d.argErr();
        }
        ObjectNode userMatcher = h.extractMatcherSet();
        h.d.next();
        Dispenser d = new Dispenser(h.d.nextSegment());
        ObjectNode rp = Json.handler("reverse_proxy");
        ObjectNode set = rp.putObject("headers").putObject("request").putObject("set");
        set.putArray("X-Forwarded-Method").add("{http.request.method}");
        set.putArray("X-Forwarded-Uri").add("{http.request.uri}");
        ObjectNode rewrite = rp.putObject("rewrite");
        rewrite.put("method", "GET");
        Map<String, String> copy = new LinkedHashMap<>();
        while (d.next()) {
            while (d.nextBlock(0)) {
                if (d.nesting() != 1) {
                    continue;
                }
                switch (d.val()) {
                    case "uri" -> {
                        rewrite.put("uri", Transports.arg(d));
                        d.delete();
                        d.delete();
                    }
                    case "copy_headers" -> copyHeaders(d, copy);
                    default -> {
                        // left for reverse_proxy
                    }
                }
            }
        }
        d.reset();
        if (!rewrite.has("uri")) {
            throw d.err("the 'uri' subdirective is required");
        }
        ObjectNode good = Json.obj();
        good.putObject("match").putArray("status_code").add(2);
        ObjectNode headers = Json.handler("headers");
        ObjectNode toSet = headers.putObject("request").putObject("set");
        for (var e : copy.entrySet()) {
            Json.headerSet(toSet, e.getValue(), "{http.reverse_proxy.header." + Json.canonicalHeader(e.getKey()) + "}");
        }
        good.putArray("routes").add(new Route(null, headers).toJson());
        rp.putArray("handle_response").add(good);
        ReverseProxyDirective.parseInto(h, d, rp);
        return List.of(new ConfigValue("route", null, new Route(userMatcher, rp)));
    }

    private static void copyHeaders(Dispenser d, Map<String, String> copy) throws CaddyfileException {
        List<String> args = new ArrayList<>(d.remainingArgs());
        boolean block = false;
        for (int n = d.nesting(); d.nextBlock(n); ) {
            block = true;
            args.add(d.val());
        }
        d.delete();
        if (block) {
            d.delete();
            d.delete();
        }
        for (int i = 0; i < args.size(); i++) {
            d.delete();
        }
        for (String field : args) {
            int gt = field.indexOf('>');
            if (gt >= 0) {
                String[] parts = field.split(">", -1);
                copy.put(parts[0], parts[1]);
            } else {
                copy.put(field, field);
            }
        }
        if (copy.isEmpty()) {
            throw d.argErr();
        }
    }
}
