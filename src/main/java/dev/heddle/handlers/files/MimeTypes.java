package dev.heddle.handlers.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Go's {@code mime.TypeByExtension}, which gives Caddy's file_server its Content-Type: Go's
 * built-in table first, then the system's database as Go reads it on Unix (the freedesktop
 * {@code globs2} file, else {@code mime.types}); text types get {@code ; charset=utf-8}. When
 * the machine has neither, a short table of common web types stands in, so a bare container
 * still labels {@code .txt} and fonts.
 */
final class MimeTypes {
    private static final Map<String, String> BUILTIN = Map.ofEntries(
            Map.entry(".avif", "image/avif"), Map.entry(".css", "text/css; charset=utf-8"),
            Map.entry(".gif", "image/gif"), Map.entry(".htm", "text/html; charset=utf-8"),
            Map.entry(".html", "text/html; charset=utf-8"), Map.entry(".jpeg", "image/jpeg"),
            Map.entry(".jpg", "image/jpeg"), Map.entry(".js", "text/javascript; charset=utf-8"),
            Map.entry(".json", "application/json"), Map.entry(".mjs", "text/javascript; charset=utf-8"),
            Map.entry(".pdf", "application/pdf"), Map.entry(".png", "image/png"),
            Map.entry(".svg", "image/svg+xml"), Map.entry(".wasm", "application/wasm"),
            Map.entry(".webp", "image/webp"), Map.entry(".xml", "text/xml; charset=utf-8"));

    /** Used only when the machine has no MIME database at all. */
    private static final Map<String, String> FALLBACK = Map.ofEntries(
            Map.entry(".txt", "text/plain"), Map.entry(".csv", "text/csv"), Map.entry(".md", "text/markdown"),
            Map.entry(".ico", "image/vnd.microsoft.icon"), Map.entry(".bmp", "image/bmp"), Map.entry(".tiff", "image/tiff"),
            Map.entry(".woff", "font/woff"), Map.entry(".woff2", "font/woff2"), Map.entry(".ttf", "font/ttf"),
            Map.entry(".otf", "font/otf"), Map.entry(".mp4", "video/mp4"), Map.entry(".webm", "video/webm"),
            Map.entry(".mp3", "audio/mpeg"), Map.entry(".ogg", "audio/ogg"), Map.entry(".wav", "audio/x-wav"),
            Map.entry(".zip", "application/zip"), Map.entry(".gz", "application/gzip"), Map.entry(".tar", "application/x-tar"),
            Map.entry(".xhtml", "application/xhtml+xml"), Map.entry(".rss", "application/rss+xml"),
            Map.entry(".atom", "application/atom+xml"), Map.entry(".webmanifest", "application/manifest+json"));

    private static final Map<String, String> TYPES = load();

    private MimeTypes() {
    }

    /** The type for an extension such as ".css" (case-sensitive first, then lower-cased, as Go); null when unknown. */
    static String byExtension(String ext) {
        if (ext.isEmpty()) {
            return null;
        }
        String t = TYPES.get(ext);
        return t != null ? t : TYPES.get(ext.toLowerCase(Locale.ROOT));
    }

    private static Map<String, String> load() {
        Map<String, String> types = new HashMap<>();
        BUILTIN.forEach((ext, type) -> types.put(ext, type));
        boolean found = false;
        for (String globs : List.of("/usr/local/share/mime/globs2", "/usr/share/mime/globs2")) {
            if (loadGlobs(Path.of(globs), types)) {
                found = true;
                break;
            }
        }
        if (!found) {
            for (String file : List.of("/etc/mime.types", "/etc/apache2/mime.types", "/etc/apache/mime.types", "/etc/httpd/conf/mime.types")) {
                found |= loadMimeTypes(Path.of(file), types);
            }
        }
        if (!found) {
            FALLBACK.forEach((ext, type) -> types.putIfAbsent(ext, withCharset(type)));
        }
        return Map.copyOf(types);
    }

    /** "weight:type:*.ext" lines in weight order: the first type seen for an extension stays (Go's loadMimeGlobsFile). */
    private static boolean loadGlobs(Path file, Map<String, String> types) {
        List<String> lines = lines(file);
        if (lines == null) {
            return false;
        }
        for (String line : lines) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(":");
            if (f.length < 3 || f[1].isEmpty() || f[2].length() < 3 || !f[2].startsWith("*.")) {
                continue;
            }
            String ext = f[2].substring(1);
            if (ext.chars().anyMatch(c -> c == '?' || c == '*' || c == '[')) {
                continue;
            }
            types.putIfAbsent(ext, withCharset(f[1]));
        }
        return true;
    }

    /** "type ext ext..." lines; later files and lines replace earlier ones (Go's loadMimeFile). */
    private static boolean loadMimeTypes(Path file, Map<String, String> types) {
        List<String> lines = lines(file);
        if (lines == null) {
            return false;
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length <= 1 || f[0].startsWith("#")) {
                continue;
            }
            for (int i = 1; i < f.length && !f[i].startsWith("#"); i++) {
                types.put("." + f[i], withCharset(f[0]));
            }
        }
        return true;
    }

    /** The file's lines, or null when it cannot be read (most machines have only some of these files). */
    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String withCharset(String type) {
        return type.startsWith("text/") && !type.contains("charset") ? type + "; charset=utf-8" : type;
    }
}
