package dev.heddle.http.matchers;

import dev.heddle.config.MatcherConfig;
import dev.heddle.http.Exchange;
import dev.heddle.http.GoPath;
import dev.heddle.http.Template;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Caddy's {@code file} matcher (fileserver/matcher.go): each {@code try_files} entry, placeholders
 * expanded and cut at the first {@code split_path} that ends a path element, joined under the
 * root without climbing out; {@code first_exist} takes the first that exists as the kind it
 * names (a trailing slash asks for a directory), {@code first_exist_fallback} takes the last
 * entry without looking, and the size and time policies compare all that exist. A match
 * publishes {@code {http.matchers.file.relative}}, {@code .absolute}, {@code .remainder} and
 * {@code .type}. A glob ({@code * ? [}) written in the last element of an entry is expanded;
 * globs never come from placeholder values.
 */
public final class FileMatcher implements RequestMatcher {
    private record Candidate(String full, String relative, String remainder) {
    }

    private final Template root;
    private final List<Template> tryFiles;
    private final List<Boolean> globs;
    /** The entry as written ends in "/": it asks for a directory (decided on the pattern, not on what placeholders bring). */
    private final List<Boolean> directories;
    private final String policy;
    private final List<String> splits;

    public FileMatcher(MatcherConfig.File config) {
        this.root = Template.compile(config.root());
        this.tryFiles = config.tryFiles().stream().map(Template::compile).toList();
        this.globs = config.tryFiles().stream().map(t -> t.replaceAll("\\{[^}]*}", "").chars().anyMatch(c -> c == '*' || c == '?' || c == '[')).toList();
        this.directories = config.tryFiles().stream().map(t -> t.endsWith("/")).toList();
        this.policy = config.tryPolicy();
        this.splits = config.splitPath().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    @Override
    public boolean matches(Exchange ex) {
        String r = root.render(ex, Template.Unknown.EMPTY);
        String cleaned = r.isEmpty() ? "" : Path.of(r).normalize().toString();
        String base = cleaned.isEmpty() ? "." : cleaned;
        Candidate best = null;
        BasicFileAttributes bestInfo = null;
        for (int i = 0; i < tryFiles.size(); i++) {
            String written = tryFiles.get(i).render(ex, Template.Unknown.EMPTY);
            for (Candidate c : candidates(base, written, globs.get(i), directories.get(i))) {
                boolean last = policy.equals("first_exist_fallback") && i == tryFiles.size() - 1;
                if (last) {
                    publish(ex, c, false);
                    return true;
                }
                BasicFileAttributes info = stat(c.full());
                switch (policy) {
                    case "first_exist", "first_exist_fallback" -> {
                        if (info != null && info.isDirectory() == c.full().endsWith("/")) {
                            publish(ex, c, info.isDirectory());
                            return true;
                        }
                    }
                    default -> {
                        if (info != null && better(info, bestInfo)) {
                            best = c;
                            bestInfo = info;
                        }
                    }
                }
            }
        }
        if (best != null) {
            publish(ex, best, bestInfo.isDirectory());
            return true;
        }
        return false;
    }

    private boolean better(BasicFileAttributes info, BasicFileAttributes best) {
        return switch (policy) {
            case "largest_size" -> info.size() > (best == null ? 0 : best.size());
            case "smallest_size" -> best == null || best.size() == 0 || info.size() < best.size();
            default -> best == null || info.lastModifiedTime().compareTo(best.lastModifiedTime()) > 0;  // most_recently_modified
        };
    }

    private List<Candidate> candidates(String base, String written, boolean glob, boolean directory) {
        String[] split = firstSplit(GoPath.clean("/" + written).substring(written.startsWith("/") ? 0 : 1));
        String before = split[0] + (directory && !split[0].endsWith("/") ? "/" : "");
        String full = GoPath.sanitizedJoin(base, before);
        if (!glob) {
            return List.of(new Candidate(full, relative(base, full), split[1]));
        }
        List<Candidate> out = new ArrayList<>();
        Path pattern = Path.of(full);
        Path dir = pattern.getParent();
        if (dir == null || pattern.getFileName() == null) {
            return out;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            List<String> names = new ArrayList<>();
            for (Path e : entries) {
                if (GoPath.match(pattern.getFileName().toString(), e.getFileName().toString())) {
                    names.add(e.toString());
                }
            }
            names.sort(null);  // fs.Glob's lexical order
            for (String n : names) {
                out.add(new Candidate(n, relative(base, n), split[1]));
            }
        } catch (IOException ignored) {
            // no such directory: no candidates
        }
        return out;
    }

    /** The path up to and including the first split that ends a path element, and the rest. */
    private String[] firstSplit(String path) {
        for (String split : splits) {
            int at = indexFoldAscii(path, split);
            if (at > -1) {
                int pos = at + split.length();
                if (pos != path.length() && path.charAt(pos) != '/') {
                    continue;
                }
                return new String[] {path.substring(0, pos), path.substring(pos)};
            }
        }
        return new String[] {path, ""};
    }

    private static int indexFoldAscii(String s, String lowerNeedle) {
        int n = lowerNeedle.length();
        for (int i = 0; i + n < s.length() + 1; i++) {
            if (s.regionMatches(true, i, lowerNeedle, 0, n) && s.substring(i, i + n).chars().allMatch(c -> c < 0x80)) {
                return i;
            }
        }
        return -1;
    }

    private static String relative(String base, String full) {
        String b = base.equals(".") ? "" : base;
        String rel = full.startsWith(b) ? full.substring(b.length()) : full;
        return rel.startsWith("/") ? rel : "/" + rel;
    }

    private static BasicFileAttributes stat(String file) {
        try {
            return Files.readAttributes(Path.of(file), BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void publish(Exchange ex, Candidate c, boolean dir) {
        ex.setVar("http.matchers.file.relative", c.relative());
        ex.setVar("http.matchers.file.absolute", c.full());
        ex.setVar("http.matchers.file.remainder", c.remainder());
        ex.setVar("http.matchers.file.type", dir ? "directory" : "file");
    }
}
