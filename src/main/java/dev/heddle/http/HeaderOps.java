package dev.heddle.http;

import dev.heddle.config.HeaderOpsConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiled header operations (caddyhttp/headers/headers.go, HeaderOps.ApplyTo), in Caddy's
 * order: delete all ("*"), add, set, named deletes (with "prefix*", "*suffix" and "*sub*"
 * wildcards, case-insensitive), replace. Names and values may hold placeholders; unknown ones
 * stay as written. Expanded values are stripped of CR, LF and NUL, so that a value taken from
 * a request can never split a header.
 */
public final class HeaderOps {
    public static final HeaderOps NONE = new HeaderOps(HeaderOpsConfig.NONE);

    private record Field(Template name, List<Template> values) {
    }

    private record Replacement(Template search, Pattern regexp, String regexpReplacement, Template replace) {
    }

    private final boolean deleteAll;
    private final List<Field> add = new ArrayList<>();
    private final List<Field> set = new ArrayList<>();
    private final List<String> deletes = new ArrayList<>();
    private final List<Map.Entry<String, List<Replacement>>> replace = new ArrayList<>();
    private final boolean empty;

    public HeaderOps(HeaderOpsConfig c) {
        this.deleteAll = c.delete().contains("*");
        c.add().forEach((k, v) -> add.add(new Field(Template.compile(k), v.stream().map(Template::compile).toList())));
        c.set().forEach((k, v) -> set.add(new Field(Template.compile(k), v.stream().map(Template::compile).toList())));
        c.delete().stream().filter(d -> !d.equals("*")).map(d -> d.toLowerCase(Locale.ROOT)).forEach(deletes::add);
        c.replace().forEach((field, reps) -> replace.add(Map.entry(field, reps.stream().map(HeaderOps::replacement).toList())));
        this.empty = c.isEmpty();
    }

    private static Replacement replacement(HeaderOpsConfig.Replacement r) {
        if (!r.searchRegexp().isEmpty()) {
            // Go's ${1} becomes Java's $1; both accept $1.
            return new Replacement(null, Pattern.compile(r.searchRegexp()), r.replace().replaceAll("\\$\\{(\\d+)}", "\\$$1"), null);
        }
        return new Replacement(Template.compile(r.search()), null, null, Template.compile(r.replace()));
    }

    public boolean isEmpty() {
        return empty;
    }

    public void apply(HeaderStore headers, Exchange ex) {
        if (empty) {
            return;
        }
        if (deleteAll) {
            for (String n : headers.names()) {
                headers.remove(n);
            }
        }
        for (Field f : add) {
            String name = clean(f.name().render(ex, Template.Unknown.KEEP));
            for (Template v : f.values()) {
                headers.add(name, clean(v.render(ex, Template.Unknown.KEEP)));
            }
        }
        for (Field f : set) {
            List<String> values = new ArrayList<>();
            f.values().forEach(v -> values.add(clean(v.render(ex, Template.Unknown.KEEP))));
            headers.set(clean(f.name().render(ex, Template.Unknown.KEEP)), String.join(",", values));
        }
        for (String d : deletes) {
            for (String n : headers.names()) {
                if (matches(d, n.toLowerCase(Locale.ROOT))) {
                    headers.remove(n);
                }
            }
        }
        for (Map.Entry<String, List<Replacement>> e : replace) {
            List<String> fields = e.getKey().equals("*") ? headers.names() : List.of(e.getKey());
            for (String field : fields) {
                replaceIn(headers, field, e.getValue(), ex);
            }
        }
    }

    private static void replaceIn(HeaderStore headers, String field, List<Replacement> reps, Exchange ex) {
        List<String> values = headers.values(field);
        if (values.isEmpty()) {
            return;
        }
        String name = headers.names().stream().filter(n -> n.equalsIgnoreCase(field)).findFirst().orElse(field);
        headers.remove(field);
        for (String v : values) {
            String out = v;
            for (Replacement r : reps) {
                out = r.regexp() != null ? r.regexp().matcher(out).replaceAll(r.regexpReplacement())
                        : out.replace(r.search().render(ex, Template.Unknown.KEEP), r.replace().render(ex, Template.Unknown.KEEP));
            }
            headers.add(name, clean(out));
        }
    }

    /** "prefix*", "*suffix", "*sub*" or an exact name (both lower-cased). */
    private static boolean matches(String pattern, String name) {
        boolean lead = pattern.startsWith("*");
        boolean trail = pattern.endsWith("*") && pattern.length() > 1;
        if (lead && trail) {
            return name.contains(pattern.substring(1, pattern.length() - 1));
        }
        if (lead) {
            return name.endsWith(pattern.substring(1));
        }
        if (trail) {
            return name.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return name.equals(pattern);
    }

    /** CR, LF and NUL never reach a header line (no header splitting through placeholders). */
    static String clean(String s) {
        if (s.indexOf('\r') < 0 && s.indexOf('\n') < 0 && s.indexOf('\0') < 0) {
            return s;
        }
        return s.replace("\r", "").replace("\n", "").replace("\0", "");
    }
}
