package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The top-level {@code logging} section: global {@code log} options, {@code debug}, and each
 * site's access log, which the default log then excludes (Setup of 2.6.2).
 */
final class LoggingBuilder {
    private LoggingBuilder() {
    }

    @SuppressWarnings("unchecked")
    static ObjectNode build(List<Pairing> pairings, Map<String, Object> options) {
        boolean debug = options.containsKey("debug");
        List<LogDirective.NamedLog> logs = new ArrayList<>();
        boolean hasDefault = false;
        List<LogDirective.NamedLog> global = (List<LogDirective.NamedLog>) options.getOrDefault("log", List.of());
        for (LogDirective.NamedLog l : global) {
            hasDefault |= add(logs, l, debug);
        }
        if (!hasDefault && debug) {
            ObjectNode level = Json.obj();
            level.put("level", "DEBUG");
            logs.add(new LogDirective.NamedLog("default", level));
        }
        for (Pairing p : pairings) {
            for (SiteBlock sb : p.blocks()) {
                for (ConfigValue v : sb.pile("custom_log")) {
                    add(logs, (LogDirective.NamedLog) v.value(), debug);
                }
            }
        }
        if (logs.isEmpty()) {
            return null;
        }
        ObjectNode out = Json.obj();
        ObjectNode all = out.putObject("logs");
        for (LogDirective.NamedLog l : logs) {
            all.set(l.name(), l.log());
            if (!l.name().equals("default") && l.log().has("include")) {
                ObjectNode def = all.has("default") ? (ObjectNode) all.get("default") : all.putObject("default");
                for (JsonNode inc : l.log().get("include")) {
                    HeaderDirectives.array(def, "exclude").add(inc.asText());
                }
            }
        }
        return out;
    }

    /** Returns whether the log is the default one. */
    private static boolean add(List<LogDirective.NamedLog> logs, LogDirective.NamedLog l, boolean debug) {
        if (l.name() == null || l.name().isEmpty()) {
            return false;
        }
        if (debug && !l.log().has("level")) {
            l.log().put("level", "DEBUG");
        }
        logs.add(l);
        return l.name().equals("default");
    }
}
