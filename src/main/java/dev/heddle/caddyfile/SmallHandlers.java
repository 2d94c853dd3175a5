package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * {@code map}, {@code copy_response}, {@code copy_response_headers}, {@code skip_log},
 * {@code basicauth} and {@code metrics} (2.6.2).
 */
final class SmallHandlers {
    private SmallHandlers() {
    }

    static ObjectNode map(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("map");
        ArrayNode mappings = Json.F.arrayNode();
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.argErr();
            }
            o.put("source", d.val());
            List<String> dest = d.remainingArgs();
            if (dest.isEmpty()) {
                throw d.argErr();
            }
            o.set("destinations", Json.strings(dest));
            boolean seenDefault = false;
            while (d.nextBlock(0)) {
                String in = d.val();
                if (in.equals("default")) {
                    if (seenDefault) {
                        throw d.err("duplicate default line");
                    }
                    seenDefault = true;
                    o.set("defaults", Json.strings(d.remainingArgs()));
                    continue;
                }
                ObjectNode m = mappings.addObject();
                if (in.startsWith("~")) {
                    m.put("input_regexp", in.substring(1));
                } else {
                    m.put("input", in);
                }
                ArrayNode outputs = m.putArray("outputs");
                while (d.nextArg()) {
                    Token t = d.token();
                    if (t.text().equals("-")) {
                        outputs.addNull();
                    } else {
                        ObjectNode tmp = Json.obj();
                        BasicDirectives.putScalar(tmp, "v", t);
                        outputs.add(tmp.get("v"));
                    }
                }
                if (outputs.size() != dest.size()) {
                    throw d.err("mapping " + in + " has " + outputs.size() + " outputs but there are "
                            + dest.size() + " destinations defined");
                }
            }
        }
        if (!mappings.isEmpty()) {
            o.set("mappings", mappings);
        }
        return o;
    }

    static ObjectNode copyResponse(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("copy_response");
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() > 1) {
                throw d.argErr();
            }
            if (args.size() == 1) {
                Json.putWeak(o, "status_code", args.get(0));
            }
            while (d.nextBlock(0)) {
                if (d.val().equals("status")) {
                    Json.putWeak(o, "status_code", Transports.arg(d));
                } else {
                    throw d.err("unrecognized subdirective '" + d.val() + "'");
                }
            }
        }
        return o;
    }

    static ObjectNode copyResponseHeaders(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("copy_response_headers");
        while (d.next()) {
            if (d.nextArg()) {
                throw d.argErr();
            }
            while (d.nextBlock(0)) {
                switch (d.val()) {
                    case "include", "exclude" -> {
                        String f = d.val();
                        d.remainingArgs().forEach(HeaderDirectives.array(o, f)::add);
                    }
                    default -> throw d.err("unrecognized subdirective '" + d.val() + "'");
                }
            }
        }
        return o;
    }

    static ObjectNode skipLog(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        while (d.next()) {
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        return Json.handler("skip_log");
    }

    static ObjectNode basicauth(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode basic = Json.obj();
        basic.putObject("hash_cache");
        ArrayNode accounts = Json.F.arrayNode();
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() > 2) {
                throw d.argErr();
            }
            String hash = args.isEmpty() ? "bcrypt" : args.get(0);
            if (args.size() == 2) {
                basic.put("realm", args.get(1));
            }
            if (!hash.equals("bcrypt") && !hash.equals("scrypt")) {
                throw d.err("unrecognized hash algorithm: " + hash);
            }
            basic.putObject("hash").put("algorithm", hash);
            while (d.nextBlock(0)) {
                String user = d.val();
                String password = d.nextArg() ? d.val() : "";
                String salt = d.nextArg() ? d.val() : "";
                if (d.nextArg()) {
                    throw d.argErr();
                }
                if (user.isEmpty() || password.isEmpty()) {
                    throw d.err("username and password cannot be empty or missing");
                }
                ObjectNode account = accounts.addObject();
                account.put("username", user);
                account.put("password", password);
                if (!salt.isEmpty()) {
                    account.put("salt", salt);
                }
            }
        }
        if (!accounts.isEmpty()) {
            basic.set("accounts", accounts);
        }
        ObjectNode o = Json.handler("authentication");
        o.putObject("providers").set("http_basic", basic);
        return o;
    }

    static ObjectNode metrics(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        ObjectNode o = Json.handler("metrics");
        while (d.next()) {
            if (!d.remainingArgs().isEmpty()) {
                throw d.argErr();
            }
            while (d.nextBlock(0)) {
                if (d.val().equals("disable_openmetrics")) {
                    o.put("disable_openmetrics", true);
                } else {
                    throw d.err("unrecognized subdirective \"" + d.val() + "\"");
                }
            }
        }
        return o;
    }
}
