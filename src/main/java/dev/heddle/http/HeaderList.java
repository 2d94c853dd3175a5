package dev.heddle.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** An ordered list of header lines (repeated fields kept), compared case-insensitively. */
public final class HeaderList implements HeaderStore {
    /** One header line. */
    public record Line(String name, String value) {
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
        for (int i = 0, n = lines.size(); i < n; i++) {
            Line l = lines.get(i);
            if (l.name().equalsIgnoreCase(name)) {
                return l.value();
            }
        }
        return null;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** Every line's value of the field joined with "," (a repeated field read as one); "" when absent. */
    public String joined(String name) {
        String one = null;
        StringBuilder many = null;
        for (int i = 0, n = lines.size(); i < n; i++) {
            Line l = lines.get(i);
            if (l.name().equalsIgnoreCase(name)) {
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
        for (Line l : lines) {
            if (l.name().equalsIgnoreCase(name)) {
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
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).name().equalsIgnoreCase(name)) {
                at = at < 0 ? i : at;
            }
        }
        remove(name);
        Line line = new Line(name, value);
        if (at >= 0 && at <= lines.size()) {
            lines.add(at, line);  // keeps the field where it was
        } else {
            lines.add(line);
        }
    }

    @Override
    public void remove(String name) {
        lines.removeIf(l -> l.name().equalsIgnoreCase(name));
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
