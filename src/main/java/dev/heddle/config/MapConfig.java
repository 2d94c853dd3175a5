package dev.heddle.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Caddy's {@code map} handler (modules/caddyhttp/map/map.go), checked as its Provision checks
 * it: each destination is exactly one {@code {placeholder}} (kept here without braces), every
 * mapping has one output per destination, an input is an exact string or a regexp but not
 * both, no input twice, and defaults (if any) one per destination.
 *
 * @param defaults null when absent
 */
public record MapConfig(String source, List<String> destinations, List<Mapping> mappings, List<String> defaults)
        implements HandlerConfig {

    /** One row; an output of null falls through to later rows (Caddy's null output). */
    public record Mapping(String input, String inputRegexp, List<String> outputs) {
    }

    static MapConfig parse(Node n) throws ConfigException {
        String source = n.field("source").string("");
        List<String> destinations = new ArrayList<>();
        for (Node d : n.field("destinations").elements()) {
            String text = d.string();
            if (text.length() < 3 || !text.startsWith("{") || !text.endsWith("}") || text.indexOf('{', 1) >= 0) {
                throw d.error("a destination must be one placeholder such as \"{my_var}\"");
            }
            destinations.add(text.substring(1, text.length() - 1));
        }
        List<Mapping> mappings = new ArrayList<>();
        Set<String> inputs = new HashSet<>();
        for (Node m : n.field("mappings").elements()) {
            mappings.add(mapping(m, destinations.size(), inputs));
        }
        Node defaultsNode = n.field("defaults");
        List<String> defaults = defaultsNode.absent() ? null : defaultsNode.strings();
        if (defaults != null && defaults.size() != destinations.size()) {
            throw defaultsNode.error("has " + defaults.size() + " values for " + destinations.size() + " destinations");
        }
        n.done();
        return new MapConfig(source, List.copyOf(destinations), List.copyOf(mappings), defaults);
    }

    private static Mapping mapping(Node m, int destinations, Set<String> inputs) throws ConfigException {
        Node input = m.field("input");
        Node regexp = m.field("input_regexp");
        if (!input.absent() && !regexp.absent()) {
            throw m.error("has both input and input_regexp");
        }
        if (input.absent() && regexp.absent()) {
            throw m.error("needs input or input_regexp");
        }
        String in = input.absent() ? null : input.string();
        String re = regexp.absent() ? null : regexp.string();
        String key = in != null ? "=" + in : "~" + re;
        if (!inputs.add(key)) {
            throw m.error("repeats the input \"" + (in != null ? in : re) + "\"");
        }
        if (re != null) {
            try {
                Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw regexp.error("is not a valid regular expression: " + e.getDescription());
            }
        }
        Node outputsNode = m.field("outputs");
        List<String> outputs = new ArrayList<>();
        for (Node o : outputsNode.elements()) {
            outputs.add(text(o.json()));
        }
        if (outputs.size() != destinations) {
            throw outputsNode.error("has " + outputs.size() + " outputs for " + destinations + " destinations");
        }
        m.done();
        return new Mapping(in, re, java.util.Collections.unmodifiableList(outputs));
    }

    /** An output as text: strings as they are, other JSON printed (numbers plainly), null kept. */
    private static String text(JsonNode v) {
        if (v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : v.isNumber() || v.isBoolean() ? v.asText() : v.toString();
    }
}
