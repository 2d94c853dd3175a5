package dev.heddle.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A string with Caddy placeholders such as {@code {http.request.uri}}, parsed once at load and
 * rendered per request. {@code \{} and {@code \}} are literal braces.
 */
public final class Template {
    /** What an unknown placeholder becomes: Caddy keeps it as written in some fields, empties it in others. */
    public enum Unknown { KEEP, EMPTY }

    private sealed interface Part permits Literal, Placeholder {
    }

    private record Literal(String text) implements Part {
    }

    private record Placeholder(String key, String written) implements Part {
    }

    private final List<Part> parts;
    private final String constant;

    private Template(List<Part> parts) {
        this.parts = parts;
        this.constant = parts.isEmpty() ? "" : parts.size() == 1 && parts.get(0) instanceof Literal l ? l.text() : null;
    }

    public static Template compile(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '{' || text.charAt(i + 1) == '}')) {
                literal.append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            int end = c == '{' ? text.indexOf('}', i + 1) : -1;
            if (end > i + 1 && text.substring(i + 1, end).indexOf('{') < 0) {
                if (!literal.isEmpty()) {
                    parts.add(new Literal(literal.toString()));
                    literal.setLength(0);
                }
                parts.add(new Placeholder(text.substring(i + 1, end), text.substring(i, end + 1)));
                i = end + 1;
                continue;
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(List.copyOf(parts));
    }

    public boolean isConstant() {
        return constant != null;
    }

    public String render(Exchange ex, Unknown unknown) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Placeholder ph) {
                String v = Placeholders.lookup(ph.key(), ex);
                out.append(v != null ? v : unknown == Unknown.KEEP ? ph.written() : "");
            }
        }
        return out.toString();
    }
}
