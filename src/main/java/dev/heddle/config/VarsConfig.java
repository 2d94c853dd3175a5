package dev.heddle.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caddy's {@code vars} handler (vars.go): the handler object itself is the map of variables.
 * Keys and string values take placeholders; other JSON values are kept as they are (numbers
 * and booleans print plainly, as Go's ToString prints them).
 *
 * @param vars name → a String (a template), Long, Double, Boolean, or other JSON as its text
 */
public record VarsConfig(Map<String, Object> vars) implements HandlerConfig {
    static VarsConfig parse(Node n) throws ConfigException {
        Map<String, Object> vars = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : n.entries().entrySet()) {
            if (!e.getKey().equals("handler")) {
                vars.put(e.getKey(), value(e.getValue().json()));
            }
        }
        return new VarsConfig(Collections.unmodifiableMap(vars));
    }

    private static Object value(JsonNode v) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return v.isNull() ? "" : v.toString();
    }
}
