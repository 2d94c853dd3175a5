package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Parsed-JSON equality as the corpus README defines it: object key order ignored, numbers by
 * value, arrays in order. Returns the differences, each with its JSON path.
 */
final class JsonCompare {
    private JsonCompare() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> out = new ArrayList<>();
        compare("$", expected, actual, out);
        return out;
    }

    private static void compare(String path, JsonNode e, JsonNode a, List<String> out) {
        if (e == null || a == null || e.isMissingNode() || a.isMissingNode()) {
            out.add(path + ": expected " + e + ", got " + a);
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                out.add(path + ": expected " + e + ", got " + a);
            }
            return;
        }
        if (e.getNodeType() != a.getNodeType()) {
            out.add(path + ": expected " + e + ", got " + a);
            return;
        }
        if (e.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            e.fieldNames().forEachRemaining(keys::add);
            a.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                if (!e.has(k)) {
                    out.add(path + "." + k + ": unexpected " + a.get(k));
                } else if (!a.has(k)) {
                    out.add(path + "." + k + ": missing, expected " + e.get(k));
                } else {
                    compare(path + "." + k, e.get(k), a.get(k), out);
                }
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " items " + e + ", got " + a.size() + " " + a);
                return;
            }
            Iterator<JsonNode> ei = e.elements();
            Iterator<JsonNode> ai = a.elements();
            for (int i = 0; ei.hasNext(); i++) {
                compare(path + "[" + i + "]", ei.next(), ai.next(), out);
            }
        } else if (!e.equals(a)) {
            out.add(path + ": expected " + e + ", got " + a);
        }
    }
}
