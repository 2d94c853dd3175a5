package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The request matchers' Caddyfile forms (caddyhttp/matchers.go and friends of 2.6.2), each
 * turned into its JSON value.
 */
final class RequestMatchers {
    private static final List<String> PRIVATE_RANGES = List.of(
            "192.168.0.0/16", "172.16.0.0/12", "10.0.0.0/8", "127.0.0.1/8", "fd00::/8", "::1");

    private RequestMatchers() {
    }

    /** {@code at} points at the matcher's name token, for errors that have no better place. */
    static JsonNode parse(String name, List<Token> tokens, Dispenser at) throws CaddyfileException {
        Dispenser d = new Dispenser(tokens);
        return switch (name) {
            case "host", "path", "method" -> list(d, name);
            case "query" -> query(d);
            case "header" -> header(d, Json.obj());
            case "header_regexp" -> headerRegexp(d);
            case "path_regexp" -> regexp(d, "path_regexp");
            case "protocol" -> protocol(d);
            case "not" -> not(d);
            case "remote_ip" -> remoteIp(d);
            case "expression" -> expression(d);
            case "file" -> FileMatcher.parse(d);
            case "vars" -> vars(d);
            case "vars_regexp" -> varsRegexp(d);
            default -> {
                at.next();
                throw new CaddyfileException(at.file(), at.line(), "getting matcher module '" + name
                        + "': module not registered: http.matchers." + name);
            }
        };
    }

    private static ArrayNode list(Dispenser d, String name) throws CaddyfileException {
        ArrayNode a = Json.F.arrayNode();
        while (d.next()) {
            d.remainingArgs().forEach(a::add);
            if (d.nextBlock(0)) {
                throw d.err("malformed " + name + " matcher: blocks are not supported");
            }
        }
        return a;
    }

    private static ObjectNode query(Dispenser d) throws CaddyfileException {
        ObjectNode q = Json.obj();
        while (d.next()) {
            for (String arg : d.remainingArgs()) {
                if (arg.isEmpty()) {
                    continue;
                }
                int eq = arg.indexOf('=');
                if (eq < 0) {
                    throw d.err("malformed query matcher token: " + d.val() + "; must be in param=val format");
                }
                String k = arg.substring(0, eq);
                ArrayNode vals = q.has(k) ? (ArrayNode) q.get(k) : q.putArray(k);
                vals.add(arg.substring(eq + 1));
            }
            if (d.nextBlock(0)) {
                throw d.err("malformed query matcher: blocks are not supported");
            }
        }
        return q;
    }

    static ObjectNode header(Dispenser d, ObjectNode h) throws CaddyfileException {
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.err("malformed header matcher: expected field");
            }
            String field = d.val();
            if (field.startsWith("!")) {
                if (field.length() == 1) {
                    throw d.err("malformed header matcher: must have field name following ! character");
                }
                h.putNull(field.substring(1));
                if (d.nextArg()) {
                    throw d.err("malformed header matcher: null matching headers cannot have a field value");
                }
            } else {
                if (!d.nextArg()) {
                    throw d.err("malformed header matcher: expected both field and value");
                }
                Json.headerAdd(h, field, d.val());
            }
            if (d.nextBlock(0)) {
                throw d.err("malformed header matcher: blocks are not supported");
            }
        }
        return h;
    }

    private static ObjectNode headerRegexp(Dispenser d) throws CaddyfileException {
        ObjectNode m = Json.obj();
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() < 2 || args.size() > 3) {
                throw d.argErr();
            }
            String name = args.size() == 3 ? args.get(0) : "";
            String field = args.get(args.size() - 2);
            String pattern = args.get(args.size() - 1);
            if (m.has(field)) {
                throw d.err("header_regexp matcher can only be used once per named matcher, per header field: " + field);
            }
            ObjectNode re = m.putObject(field);
            if (!name.isEmpty()) {
                re.put("name", name);
            }
            re.put("pattern", pattern);
            if (d.nextBlock(0)) {
                throw d.err("malformed header_regexp matcher: blocks are not supported");
            }
        }
        return m;
    }

    private static ObjectNode regexp(Dispenser d, String what) throws CaddyfileException {
        ObjectNode re = Json.obj();
        while (d.next()) {
            if (re.has("pattern")) {
                throw d.err("regular expression can only be used once per named matcher");
            }
            List<String> args = d.remainingArgs();
            if (args.size() == 1) {
                re.put("pattern", args.get(0));
            } else if (args.size() == 2) {
                re.put("name", args.get(0));
                re.put("pattern", args.get(1));
            } else {
                throw d.argErr();
            }
            if (d.nextBlock(0)) {
                throw d.err("malformed " + what + " matcher: blocks are not supported");
            }
        }
        return re;
    }

    private static JsonNode protocol(Dispenser d) throws CaddyfileException {
        String proto = "";
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.err("expected exactly one protocol");
            }
            proto = d.val();
        }
        return Json.F.textNode(proto);
    }

    private static ArrayNode not(Dispenser d) throws CaddyfileException {
        ArrayNode sets = Json.F.arrayNode();
        while (d.next()) {
            sets.add(MatcherDefinitions.nestedSet(d));
        }
        return sets;
    }

    private static ObjectNode remoteIp(Dispenser d) throws CaddyfileException {
        List<String> ranges = new ArrayList<>();
        boolean forwarded = false;
        while (d.next()) {
            while (d.nextArg()) {
                if (d.val().equals("forwarded")) {
                    if (!ranges.isEmpty()) {
                        throw d.err("if used, 'forwarded' must be first argument");
                    }
                    forwarded = true;
                } else if (d.val().equals("private_ranges")) {
                    ranges.addAll(PRIVATE_RANGES);
                } else {
                    ranges.add(d.val());
                }
            }
            if (d.nextBlock(0)) {
                throw d.err("malformed remote_ip matcher: blocks are not supported");
            }
        }
        ObjectNode o = Json.obj();
        if (!ranges.isEmpty()) {
            o.set("ranges", Json.strings(ranges));
        }
        if (forwarded) {
            o.put("forwarded", true);
        }
        return o;
    }

    private static JsonNode expression(Dispenser d) {
        String expr = "";
        while (d.next()) {
            if (d.countRemainingArgs() > 1) {
                List<String> raw = new ArrayList<>();
                while (d.nextArg()) {
                    Token t = d.token();
                    raw.add(t.quoted() ? t.quote() + t.text() + t.quote() : t.text());
                }
                expr = String.join(" ", raw);
            } else {
                expr = d.val();
            }
        }
        return Json.F.textNode(expr);
    }

    private static ObjectNode vars(Dispenser d) throws CaddyfileException {
        ObjectNode m = Json.obj();
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() < 2) {
                throw d.argErr();
            }
            ArrayNode vals = m.has(args.get(0)) ? (ArrayNode) m.get(args.get(0)) : m.putArray(args.get(0));
            args.subList(1, args.size()).forEach(vals::add);
        }
        return m;
    }

    private static ObjectNode varsRegexp(Dispenser d) throws CaddyfileException {
        ObjectNode m = Json.obj();
        while (d.next()) {
            List<String> args = d.remainingArgs();
            if (args.size() < 2 || args.size() > 3) {
                throw d.argErr();
            }
            ObjectNode re = m.putObject(args.get(args.size() - 2));
            if (args.size() == 3) {
                re.put("name", args.get(0));
            }
            re.put("pattern", args.get(args.size() - 1));
        }
        return m;
    }
}
