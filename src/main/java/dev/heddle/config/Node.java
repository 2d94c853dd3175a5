package dev.heddle.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON value with its path, read strictly. Every object is read field by field and then
 * closed with {@link #done}, which refuses any field nobody asked for: a misspelt or unsupported
 * key stops the load with its path instead of being silently ignored.
 */
public final class Node {
    private final JsonNode json;
    private final String path;
    private final Set<String> read = new LinkedHashSet<>();

    private Node(JsonNode json, String path) {
        this.json = json;
        this.path = path;
    }

    public static Node root(JsonNode json) {
        return new Node(json, "");
    }

    public String path() {
        return path;
    }

    public JsonNode json() {
        return json;
    }

    public boolean isMissing() {
        return json.isMissingNode();
    }

    public boolean isNull() {
        return json.isNull();
    }

    /** Missing or JSON null: Caddy treats both as "not set". */
    public boolean absent() {
        return json.isMissingNode() || json.isNull();
    }

    public boolean has(String name) {
        return json.isObject() && json.has(name);
    }

    /** The named field of this object (missing if absent); marks it as read. */
    public Node field(String name) throws ConfigException {
        requireObject();
        read.add(name);
        JsonNode child = json.get(name);
        return new Node(child == null ? MissingNode.getInstance() : child, childPath(name));
    }

    /** Refuses every field of this object that no reader asked for. */
    public void done() throws ConfigException {
        done(Set.of());
    }

    /**
     * Like {@link #done()}, naming Caddy fields that Heddle knows but does not implement yet,
     * so that the user learns it is a gap and not a typo.
     */
    public void done(Set<String> caddyFieldsNotSupported) throws ConfigException {
        if (!json.isObject()) {
            return;
        }
        Iterator<String> names = json.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            // "@id" may tag any object in Caddy's JSON (for the admin API's /id/ paths).
            if (read.contains(name) || name.equals("@id")) {
                continue;
            }
            if (caddyFieldsNotSupported.contains(name)) {
                throw new ConfigException(childPath(name), "is a Caddy field that Heddle does not support yet");
            }
            throw new ConfigException(childPath(name), "unknown field" + suggestion(name));
        }
    }

    public ConfigException error(String problem) {
        return new ConfigException(path, problem);
    }

    public String string() throws ConfigException {
        if (!json.isTextual()) {
            throw error("must be a string, not " + describe());
        }
        return json.textValue();
    }

    public String string(String fallback) throws ConfigException {
        return absent() ? fallback : string();
    }

    /** A required non-empty string. */
    public String requiredString() throws ConfigException {
        if (isMissing()) {
            throw error("is required");
        }
        String s = string();
        if (s.isEmpty()) {
            throw error("must not be empty");
        }
        return s;
    }

    public boolean bool(boolean fallback) throws ConfigException {
        if (absent()) {
            return fallback;
        }
        if (!json.isBoolean()) {
            throw error("must be true or false, not " + describe());
        }
        return json.booleanValue();
    }

    public long integer(long fallback) throws ConfigException {
        if (absent()) {
            return fallback;
        }
        if (!json.isIntegralNumber() || !json.canConvertToLong()) {
            throw error("must be an integer, not " + describe());
        }
        return json.longValue();
    }

    public int intValue(int fallback, int min, int max) throws ConfigException {
        long v = integer(fallback);
        if (v < min || v > max) {
            throw error("must be between " + min + " and " + max + ", not " + v);
        }
        return (int) v;
    }

    /** A Caddy duration: a string such as "1m30s" or an integer of nanoseconds. */
    public Duration duration(Duration fallback) throws ConfigException {
        if (absent()) {
            return fallback;
        }
        if (json.isIntegralNumber()) {
            return Duration.ofNanos(json.longValue());
        }
        if (!json.isTextual()) {
            throw error("must be a duration such as \"30s\", not " + describe());
        }
        try {
            return Durations.parse(json.textValue());
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    /** The elements of an array; an absent field is an empty list. */
    public List<Node> elements() throws ConfigException {
        if (absent()) {
            return List.of();
        }
        if (!json.isArray()) {
            throw error("must be an array, not " + describe());
        }
        List<Node> out = new ArrayList<>(json.size());
        for (int i = 0; i < json.size(); i++) {
            out.add(new Node(json.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    public List<String> strings() throws ConfigException {
        List<String> out = new ArrayList<>();
        for (Node n : elements()) {
            out.add(n.string());
        }
        return List.copyOf(out);
    }

    /** The fields of an object used as a map (all keys are data, so all count as read). */
    public Map<String, Node> entries() throws ConfigException {
        if (absent()) {
            return Map.of();
        }
        requireObject();
        Map<String, Node> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            read.add(e.getKey());
            out.put(e.getKey(), new Node(e.getValue(), childPath(e.getKey())));
        }
        return Collections.unmodifiableMap(out);
    }

    /** A map of header-like fields to lists of strings, as Caddy writes {"Field": ["v"]}. */
    public Map<String, List<String>> stringLists() throws ConfigException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : entries().entrySet()) {
            out.put(e.getKey(), e.getValue().strings());
        }
        return Collections.unmodifiableMap(out);
    }

    public Node requireObject() throws ConfigException {
        if (!json.isObject()) {
            throw error("must be an object, not " + describe());
        }
        return this;
    }

    private String childPath(String name) {
        String key = name.matches("[A-Za-z0-9_@-]+") ? name : "\"" + name.replace("\"", "\\\"") + "\"";
        return path.isEmpty() ? key : path + "." + key;
    }

    private String describe() {
        if (json.isMissingNode()) {
            return "nothing";
        }
        if (json.isObject()) {
            return "an object";
        }
        if (json.isArray()) {
            return "an array";
        }
        return json.toString();
    }

    /** A hint for a near-miss of a field that was read here (one edit away, or case only). */
    private String suggestion(String name) {
        for (String known : read) {
            if (known.equalsIgnoreCase(name) || Levenshtein.distance(known, name) <= 2) {
                return " (did you mean \"" + known + "\"?)";
            }
        }
        return "";
    }
}
