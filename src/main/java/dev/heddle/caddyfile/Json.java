package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Collection;

/** Small builders for the JSON the adapter prints. */
final class Json {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode obj() {
        return F.objectNode();
    }

    static ObjectNode handler(String name) {
        ObjectNode o = F.objectNode();
        o.put("handler", name);
        return o;
    }

    static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /**
     * A status code as Caddy's WeakString prints it: a number when it is one, else the text
     * (a placeholder).
     */
    static void putWeak(ObjectNode o, String field, String value) {
        try {
            o.put(field, Integer.parseInt(value));
        } catch (NumberFormatException notNumber) {
            o.put(field, value);
        }
    }

    /** Go's textproto.CanonicalMIMEHeaderKey, which http.Header.Set and Add apply. */
    static String canonicalHeader(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean token = c < 127 && c > 32 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!token) {
                return key;
            }
        }
        StringBuilder sb = new StringBuilder(key.length());
        boolean upper = true;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    /** Adds a value under a canonical header name (http.Header.Add). */
    static void headerAdd(ObjectNode headers, String key, String value) {
        String k = canonicalHeader(key);
        ArrayNode a = headers.has(k) ? (ArrayNode) headers.get(k) : headers.putArray(k);
        a.add(value);
    }

    /** Replaces the values under a canonical header name (http.Header.Set). */
    static void headerSet(ObjectNode headers, String key, String value) {
        headers.putArray(canonicalHeader(key)).add(value);
    }
}
