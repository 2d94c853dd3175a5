package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/** {@code rewrite} and {@code uri} (rewrite/caddyfile.go of 2.6.2). */
final class RewriteDirectives {
    private RewriteDirectives() {
    }

    static ObjectNode rewrite(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("rewrite");
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.argErr();
            }
            o.put("uri", d.val());
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        return o;
    }

    static ObjectNode uri(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("rewrite");
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() < 2) {
                throw d.argErr();
            }
            switch (args.get(0)) {
                case "strip_prefix" -> {
                    if (args.size() > 2) {
                        throw d.argErr();
                    }
                    String p = args.get(1);
                    o.put("strip_path_prefix", p.startsWith("/") ? p : "/" + p);
                }
                case "strip_suffix" -> {
                    if (args.size() > 2) {
                        throw d.argErr();
                    }
                    o.put("strip_path_suffix", args.get(1));
                }
                case "replace" -> {
                    if (args.size() != 3 && args.size() != 4) {
                        throw d.argErr();
                    }
                    ObjectNode r = Json.obj();
                    r.put("find", args.get(1));
                    r.put("replace", args.get(2));
                    if (args.size() == 4) {
                        int lim;
                        try {
                            lim = Integer.parseInt(args.get(3));
                        } catch (NumberFormatException e) {
                            throw d.err("limit must be an integer; invalid: " + args.get(3));
                        }
                        if (lim != 0) {
                            r.put("limit", lim);
                        }
                    }
                    HeaderDirectives.array(o, "uri_substring").add(r);
                }
                case "path_regexp" -> {
                    if (args.size() != 3) {
                        throw d.argErr();
                    }
                    ObjectNode r = Json.obj();
                    r.put("find", args.get(1));
                    r.put("replace", args.get(2));
                    HeaderDirectives.array(o, "path_regexp").add(r);
                }
                default -> throw d.err("unrecognized URI manipulation '" + args.get(0) + "'");
            }
        }
        return o;
    }
}
