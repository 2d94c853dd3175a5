package dev.heddle.handlers.files;

import dev.heddle.http.GoPath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Caddy's {@code hide} matching (staticfiles.go {@code fileHidden}): an entry with a path
 * separator is made absolute (against the working directory, as Caddy does) and hides that path
 * and everything under it; an entry without one is a glob tried against every component of the
 * file's absolute path; every entry is also a glob against the whole absolute path.
 * Case-sensitive, as in Caddy.
 */
final class HiddenFiles {
    static final HiddenFiles NONE = new HiddenFiles(List.of());

    private final List<String> entries;

    private HiddenFiles(List<String> entries) {
        this.entries = entries;
    }

    /** The configured entries after placeholders, as Caddy's transformHidePaths makes them. */
    static HiddenFiles of(List<String> expanded) {
        List<String> out = new ArrayList<>(expanded.size());
        for (String h : expanded) {
            out.add(h.contains("/") ? Path.of(h).toAbsolutePath().normalize().toString() : h);
        }
        return new HiddenFiles(out);
    }

    boolean hides(Path file) {
        if (entries.isEmpty()) {
            return false;
        }
        String name = file.toAbsolutePath().normalize().toString();
        String[] components = null;
        for (String h : entries) {
            if (!h.contains("/")) {
                if (components == null) {
                    components = name.split("/", -1);
                }
                for (String c : components) {
                    if (GoPath.match(h, c)) {
                        return true;
                    }
                }
            } else if (name.startsWith(h) && name.length() > h.length() && name.charAt(h.length()) == '/') {
                return true;
            }
            if (GoPath.match(h, name)) {
                return true;
            }
        }
        return false;
    }
}
