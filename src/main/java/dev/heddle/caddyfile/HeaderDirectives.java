package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code header} and {@code request_header} (headers/caddyfile.go of 2.6.2), and the header
 * operations they share with reverse_proxy's {@code header_up}/{@code header_down}:
 * {@code +Add}, {@code -Delete}, {@code ?Default} (response only), a replacement, or a set.
 */
final class HeaderDirectives {
    private HeaderDirectives() {
    }

    static List<ConfigValue> header(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        if (!d.next()) {
            throw d.argErr();
        }
        ObjectNode matcherSet = h.extractMatcherSet();
        ObjectNode ops = Json.obj();
        ObjectNode requireOps = Json.obj();
        while (d.next()) {
            boolean hasArgs = false;
            if (d.nextArg()) {
                hasArgs = true;
                String field = d.val();
                String value = d.nextArg() ? d.val() : "";
                String replacement = d.nextArg() ? d.val() : "";
                apply(d, ops, true, field, value, replacement);
                if (ops.has("delete")) {
                    ops.put("deferred", true);
                }
            }
            while (d.nextBlock(0)) {
                String field = d.val();
                if (field.equals("defer")) {
                    ops.put("deferred", true);
                    continue;
                }
                if (hasArgs) {
                    throw d.err("cannot specify headers in both arguments and block");
                }
                if (field.endsWith(":")) {
                    field = field.substring(0, field.length() - 1);
                }
                String value = d.nextArg() ? d.val() : "";
                String replacement = d.nextArg() ? d.val() : "";
                apply(d, field.startsWith("?") ? requireOps : ops, true, field, value, replacement);
            }
        }
        List<ConfigValue> out = new ArrayList<>();
        if (!ops.isEmpty()) {
            out.addAll(h.newRoute(matcherSet, responseHandler(ops)));
        }
        if (!requireOps.isEmpty()) {
            out.addAll(h.newRoute(matcherSet == null ? null : matcherSet.deepCopy(), responseHandler(requireOps)));
        }
        return out;
    }

    private static ObjectNode responseHandler(ObjectNode ops) {
        ObjectNode o = Json.handler("headers");
        o.set("response", ops);
        return o;
    }

    static List<ConfigValue> requestHeader(Helper h) throws CaddyfileException {
        Dispenser d = h.d;
        if (!d.next()) {
            throw d.argErr();
        }
        ObjectNode matcherSet = h.extractMatcherSet();
        List<ConfigValue> out = new ArrayList<>();
        while (d.next()) {
            if (!d.nextArg()) {
                throw d.argErr();
            }
            String field = d.val();
            if (field.endsWith(":")) {
                field = field.substring(0, field.length() - 1);
            }
            String value = d.nextArg() ? d.val() : "";
            String replacement = "";
            if (d.nextArg()) {
                replacement = d.val();
                if (d.nextArg()) {
                    throw d.argErr();
                }
            }
            ObjectNode ops = Json.obj();
            apply(d, ops, false, field, value, replacement);
            ObjectNode handler = Json.handler("headers");
            handler.set("request", ops);
            out.addAll(h.newRoute(matcherSet == null ? null : matcherSet.deepCopy(), handler));
            if (d.nextArg()) {
                throw d.argErr();
            }
        }
        return out;
    }

    /** applyHeaderOp: one header operation into a HeaderOps (plus response-only fields). */
    static void apply(Dispenser d, ObjectNode ops, boolean response, String field, String value, String replacement)
            throws CaddyfileException {
        if (field.startsWith("+")) {
            Json.headerAdd(object(ops, "add"), field.substring(1), value);
        } else if (field.startsWith("-")) {
            array(ops, "delete").add(field.substring(1));
            if (response) {
                ops.put("deferred", true);
            }
        } else if (field.startsWith("?")) {
            if (!response) {
                throw d.err(field + ": the default header modifier ('?') can only be used on response headers;"
                        + " for conditional manipulation of request headers, use matchers");
            }
            String name = field.substring(1);
            object(object(ops, "require"), "headers").putNull(name);
            Json.headerSet(object(ops, "set"), name, value);
        } else if (!replacement.isEmpty()) {
            String name = field.replaceAll("^[+\\-?]+", "");
            ObjectNode r = Json.obj();
            r.put("search_regexp", value);
            r.put("replace", replacement);
            array(object(ops, "replace"), name).add(r);
        } else {
            Json.headerSet(object(ops, "set"), field, value);
        }
    }

    static ObjectNode object(ObjectNode parent, String field) {
        return parent.has(field) ? (ObjectNode) parent.get(field) : parent.putObject(field);
    }

    static ArrayNode array(ObjectNode parent, String field) {
        return parent.has(field) ? (ArrayNode) parent.get(field) : parent.putArray(field);
    }
}
