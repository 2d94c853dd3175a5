package dev.heddle.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** An ordered list of header lines (repeated fields kept), compared case-insensitively. */
public final class HeaderList implements HeaderStore {
    /** One header line; {@code id} is {@link FieldName#id(String)} of the name, worked out once. */
    public record Line(String name, String value, int id) {
        public Line {
            assert id == FieldName.id(name) : "id " + id + " for " + name;  // a wrong id makes lookups miss
        }

        public Line(String name, String value) {
            this(name, value, FieldName.id(name));
        }
    }

    private final List<Line> lines;

    public HeaderList() {
        this.lines = new ArrayList<>();
    }

    public HeaderList(int capacity) {
        this.lines = new ArrayList<>(capacity);
    }

    public List<Line> lines() {
        return lines;
    }

    /** Number of lines (a repeated field counts once per line). */
    public int size() {
        return lines.size();
    }

    /** The first line's value of the field, or null. */
    public String first(String name) {
        int id = FieldName.id(name);
        for (int i = 0, n = lines.size(); i < n; i++) {
            Line l = lines.get(i);
            if (named(l, name, id)) {
                return l.value();
            }
        }
        return null;
    }

    /** Whether the line is the field {@code name} whose id is {@code id}: an int compare for a known name. */
    private static boolean named(Line l, String name, int id) {
        return id != FieldName.UNKNOWN ? l.id() == id : l.name().equalsIgnoreCase(name);
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** Every line's value of the field joined with "," (a repeated field read as one); "" when absent. */
    public String joined(String name) {
        String one = null;
        StringBuilder many = null;
        int id = FieldName.id(name);
        for (int i = 0, n = lines.size(); i < n; i++) {
            Line l = lines.get(i);
            if (named(l, name, id)) {
                if (one == null) {
                    one = l.value();
                } else {
                    many = (many == null ? new StringBuilder(one) : many).append(',').append(l.value());
                }
            }
        }
        return many != null ? many.toString() : one == null ? "" : one;
    }

    /** The Content-Length as a number, or -1 when absent or not a plain number. */
    public long contentLength() {
        String v = first("Content-Length");
        if (v == null || v.isEmpty() || v.length() > 18) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(v);
    }

    public HeaderList copy() {
        HeaderList c = new HeaderList(lines.size() + 4);
        c.lines.addAll(lines);
        return c;
    }

    @Override
    public List<String> names() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Line l : lines) {
            boolean seen = false;
            for (String n : names) {
                seen |= n.equalsIgnoreCase(l.name());
            }
            if (!seen) {
                names.add(l.name());
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> values(String name) {
        List<String> out = new ArrayList<>(2);
        int id = FieldName.id(name);
        for (int i = 0, n = lines.size(); i < n; i++) {
            Line l = lines.get(i);
            if (named(l, name, id)) {
                out.add(l.value());
            }
        }
        return out;
    }

    @Override
    public void add(String name, String value) {
        lines.add(new Line(name, value));
    }

    @Override
    public void set(String name, String value) {
        int at = -1;
        int id = FieldName.id(name);
        for (int i = 0; i < lines.size(); i++) {
            if (named(lines.get(i), name, id)) {
                at = at < 0 ? i : at;
            }
        }
        removeAll(name, id);
        Line line = new Line(name, value, id);
        if (at >= 0 && at <= lines.size()) {
            lines.add(at, line);  // keeps the field where it was
        } else {
            lines.add(line);
        }
    }

    @Override
    public void remove(String name) {
        removeAll(name, FieldName.id(name));
    }

    private void removeAll(String name, int id) {
        lines.removeIf(l -> named(l, name, id));
    }

    /** Go's CanonicalMIMEHeaderKey (Caddy's FastCGI client and Go's HTTP/2 server apply it): "content-type" → "Content-Type". */
    public static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x80 || "\"(),/:;<=>?@[\\]{} \t".indexOf(c) >= 0) {
                return name;  // not a token: Go leaves it as written
            }
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }
}
