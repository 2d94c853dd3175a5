package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caddy's top-level {@code logging.logs}: named logs, each with a writer and the logger names
 * it takes. Heddle routes access logs by them; its other logs stay on stderr.
 */
public record LoggingConfig(List<Log> logs) {
    public static final LoggingConfig NONE = new LoggingConfig(List.of());

    /**
     * @param output   "stderr", "stdout", "discard" or "file"
     * @param filename for "file"
     * @param include  logger-name prefixes taken (empty = all)
     * @param exclude  logger-name prefixes refused
     */
    public record Log(String name, String output, String filename, List<String> include, List<String> exclude) {
        public boolean takes(String logger) {
            for (String e : exclude) {
                if (logger.equals(e) || logger.startsWith(e + ".")) {
                    return false;
                }
            }
            if (include.isEmpty()) {
                return true;
            }
            for (String i : include) {
                if (logger.equals(i) || logger.startsWith(i + ".")) {
                    return true;
                }
            }
            return false;
        }
    }

    static LoggingConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return NONE;
        }
        n.requireObject();
        List<Log> logs = new ArrayList<>();
        for (Map.Entry<String, Node> e : n.field("logs").entries().entrySet()) {
            logs.add(log(e.getKey(), e.getValue()));
        }
        n.done(Set.of("sink"));
        return new LoggingConfig(List.copyOf(logs));
    }

    private static Log log(String name, Node n) throws ConfigException {
        n.requireObject();
        String output = "stderr";
        String filename = "";
        Node writer = n.field("writer");
        if (!writer.absent()) {
            writer.requireObject();
            Node out = writer.field("output");
            output = out.requiredString();
            switch (output) {
                case "stderr", "stdout", "discard" -> { }
                case "file" -> filename = writer.field("filename").requiredString();
                default -> throw out.error("unknown log writer \"" + output + "\" (stderr, stdout, discard, file)");
            }
            writer.done(Set.of("roll", "roll_disabled", "roll_size_mb", "roll_uncompressed", "roll_local_time",
                    "roll_keep", "roll_keep_days", "mode", "address", "dial_timeout", "soft_start"));
        }
        Node encoder = n.field("encoder");
        if (!encoder.absent()) {
            Node format = encoder.requireObject().field("format");
            if (!format.string("json").equals("json")) {
                throw format.error("only the \"json\" encoder is supported");
            }
            encoder.done();
        }
        n.field("level").string("INFO");
        List<String> include = n.field("include").strings();
        List<String> exclude = n.field("exclude").strings();
        n.done(Set.of("sampling"));
        return new Log(name, output, filename, include, exclude);
    }
}
