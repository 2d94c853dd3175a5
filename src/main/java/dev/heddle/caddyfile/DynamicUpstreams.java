package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code dynamic a|srv|multi ...} upstream sources of reverse_proxy (2.6.2). */
final class DynamicUpstreams {
    private DynamicUpstreams() {
    }

    /** The cursor is on the source name. */
    static ObjectNode parse(Dispenser outer) throws CaddyfileException {
        String name = outer.val();
        Dispenser d = new Dispenser(outer.nextSegment());
        ObjectNode o = Json.obj();
        o.put("source", name);
        switch (name) {
            case "a" -> a(d, o);
            case "srv" -> srv(d, o);
            default -> throw outer.err("getting module named 'http.reverse_proxy.upstreams." + name
                    + "': module not registered: http.reverse_proxy.upstreams." + name);
        }
        return o;
    }

    private static void a(Dispenser d, ObjectNode o) throws CaddyfileException {
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() > 2) {
                throw d.argErr();
            }
            if (!args.isEmpty()) {
                o.put("name", args.get(0));
            }
            if (args.size() > 1) {
                o.put("port", args.get(1));
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "name" -> o.put("name", Transports.arg(d));
                    case "port" -> o.put("port", Transports.arg(d));
                    case "refresh", "dial_timeout", "dial_fallback_delay" -> o.put(d.val(), Units.duration(d, Transports.arg(d)));
                    case "resolvers" -> Transports.resolver(d, o);
                    default -> throw d.err("unrecognized a subdirective " + d.val());
                }
            }
        }
    }

    private static void srv(Dispenser d, ObjectNode o) throws CaddyfileException {
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() > 1) {
                throw d.argErr();
            }
            if (!args.isEmpty()) {
                o.put("name", args.get(0));
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "service", "proto", "name" -> o.put(d.val(), Transports.arg(d));
                    case "refresh", "dial_timeout", "dial_fallback_delay" -> o.put(d.val(), Units.duration(d, Transports.arg(d)));
                    case "resolvers" -> Transports.resolver(d, o);
                    default -> throw d.err("unrecognized srv option '" + d.val() + "'");
                }
            }
        }
    }
}
