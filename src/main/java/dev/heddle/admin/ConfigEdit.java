package dev.heddle.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and edits a config tree by an admin path such as {@code apps/http/servers/srv0/listen/0},
 * with Caddy's verbs: POST appends to an array or sets a value, PUT inserts into an array or
 * creates a value that must not exist, PATCH replaces a value that must exist, DELETE removes one.
 */
final class ConfigEdit {
    /** A request the tree cannot satisfy, with the HTTP status to answer. */
    static final class EditException extends Exception {
        final int status;

        EditException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private ConfigEdit() {
    }

    static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    static JsonNode get(JsonNode root, List<String> path) throws EditException {
        JsonNode node = root;
        for (String s : path) {
            node = child(node, s);
            if (node == null) {
                throw new EditException(404, "no config value at /" + String.join("/", path));
            }
        }
        return node;
    }

    /** Applies one edit to {@code root} (a mutable copy) in place. */
    static void apply(JsonNode root, String method, List<String> path, JsonNode value) throws EditException {
        if (path.isEmpty()) {
            throw new EditException(400, "use POST /load to replace the whole config");
        }
        JsonNode parent = get(root, path.subList(0, path.size() - 1));
        String key = path.get(path.size() - 1);
        if (parent instanceof ObjectNode obj) {
            boolean exists = obj.has(key);
            switch (method) {
                case "POST" -> {
                    if (exists && obj.get(key) instanceof ArrayNode arr) {
                        appendTo(arr, value);
                    } else {
                        obj.set(key, value);
                    }
                }
                case "PUT" -> {
                    if (exists) {
                        throw new EditException(409, "a value already exists at /" + String.join("/", path));
                    }
                    obj.set(key, value);
                }
                case "PATCH", "DELETE" -> {
                    if (!exists) {
                        throw new EditException(404, "no config value at /" + String.join("/", path));
                    }
                    if (method.equals("PATCH")) {
                        obj.set(key, value);
                    } else {
                        obj.remove(key);
                    }
                }
                default -> throw new EditException(405, "method " + method + " not allowed");
            }
            return;
        }
        if (parent instanceof ArrayNode arr) {
            int i = index(key, arr.size() + (method.equals("PUT") ? 1 : 0));
            switch (method) {
                case "POST" -> {
                    if (arr.get(i) instanceof ArrayNode inner) {
                        appendTo(inner, value);
                    } else {
                        arr.set(i, value);
                    }
                }
                case "PUT" -> arr.insert(i, value);
                case "PATCH" -> arr.set(i, value);
                case "DELETE" -> arr.remove(i);
                default -> throw new EditException(405, "method " + method + " not allowed");
            }
            return;
        }
        throw new EditException(404, "no config object or array at /" + String.join("/", path.subList(0, path.size() - 1)));
    }

    private static void appendTo(ArrayNode arr, JsonNode value) {
        arr.add(value);
    }

    private static JsonNode child(JsonNode node, String segment) {
        if (node instanceof ObjectNode o) {
            return o.get(segment);
        }
        if (node instanceof ArrayNode a && segment.matches("\\d+")) {
            int i = Integer.parseInt(segment);
            return i < a.size() ? a.get(i) : null;
        }
        return null;
    }

    private static int index(String segment, int limit) throws EditException {
        if (!segment.matches("\\d+") || Integer.parseInt(segment) >= limit) {
            throw new EditException(404, "array index out of range: " + segment);
        }
        return Integer.parseInt(segment);
    }
}
