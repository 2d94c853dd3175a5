package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code lb_policy NAME [args]}: the selection policies Caddy 2.6.2 knows. */
final class SelectionPolicies {
    private SelectionPolicies() {
    }

    /** The cursor is on the policy name. */
    static ObjectNode parse(Dispenser outer) throws CaddyfileException {
        String name = outer.val();
        Dispenser d = new Dispenser(outer.nextSegment());
        d.next();
        List<String> args = d.remainingArgs();
        ObjectNode o = Json.obj();
        o.put("policy", name);
        switch (name) {
            case "random", "least_conn", "round_robin", "first", "ip_hash", "uri_hash" -> {
                if (!args.isEmpty()) {
                    throw d.argErr();
                }
            }
            case "random_choose" -> {
                if (args.size() != 1) {
                    throw d.argErr();
                }
                o.put("choose", Units.integer(d, args.get(0), "invalid choice value"));
            }
            case "header" -> {
                if (args.size() != 1) {
                    throw d.argErr();
                }
                o.put("field", args.get(0));
            }
            case "cookie" -> {
                if (args.size() > 2) {
                    throw d.argErr();
                }
                if (!args.isEmpty()) {
                    o.put("name", args.get(0));
                }
                if (args.size() > 1) {
                    o.put("secret", args.get(1));
                }
            }
            default -> throw outer.err("getting module named 'http.reverse_proxy.selection_policies." + name
                    + "': module not registered: http.reverse_proxy.selection_policies." + name);
        }
        return o;
    }
}
