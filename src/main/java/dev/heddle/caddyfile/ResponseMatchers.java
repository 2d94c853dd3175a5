package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Response matchers ({@code @name status 5xx}, {@code header ...}) as caddyhttp/responsematchers.go reads them. */
final class ResponseMatchers {
    private ResponseMatchers() {
    }

    static void parseNamed(Dispenser d, Map<String, ObjectNode> matchers) throws CaddyfileException {
        while (d.next()) {
            String name = d.val();
            if (matchers.containsKey(name)) {
                throw d.err("matcher is defined more than once: " + name);
            }
            matchers.put(name, parseInline(d));
        }
    }

    /** The matcher's arguments or block at the cursor. */
    static ObjectNode parseInline(Dispenser d) throws CaddyfileException {
        ObjectNode m = Json.obj();
        for (int n = d.nesting(); d.nextArg() || d.nextBlock(n); ) {
            switch (d.val()) {
                case "header" -> {
                    ObjectNode headers = m.has("headers") ? (ObjectNode) m.get("headers") : Json.obj();
                    RequestMatchers.header(new Dispenser(d.nextSegment()), headers);
                    m.set("headers", headers);
                }
                case "status" -> {
                    ArrayNode codes = m.has("status_code") ? (ArrayNode) m.get("status_code") : m.putArray("status_code");
                    List<String> args = d.remainingArgs();
                    if (args.isEmpty()) {
                        throw d.argErr();
                    }
                    for (String a : args) {
                        codes.add(Units.statusClass(d, a));
                    }
                }
                default -> throw d.err("unrecognized response matcher " + d.val());
            }
        }
        return m;
    }
}
