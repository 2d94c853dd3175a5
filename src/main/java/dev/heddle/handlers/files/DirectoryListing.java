package dev.heddle.handlers.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.config.FileServerConfig;
import dev.heddle.http.Cookies;
import dev.heddle.http.Exchange;
import dev.heddle.http.GoPath;
import dev.heddle.http.HandlerException;
import dev.heddle.http.HeaderList;
import dev.heddle.http.Next;
import dev.heddle.http.PathCodec;
import dev.heddle.http.QueryParams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Caddy's {@code browse} (fileserver/browse.go): a directory listed as JSON when the client
 * accepts {@code application/json} (Caddy's item fields), as a text table for
 * {@code text/plain}, else as HTML (Heddle's own page: Caddy's Go template is not reproduced).
 * Sorted by name, namedirfirst (the default), size or time, asc or desc, from the config, the
 * {@code sort}/{@code order} query (remembered in cookies, as Caddy) and {@code limit}/{@code offset}.
 */
final class DirectoryListing {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TEXT_TIME = DateTimeFormatter.ofPattern("MMMM d, yyyy 'at' HH:mm:ss", Locale.US);

    /** One entry, with the fields Caddy's JSON listing has. */
    record Item(String name, long size, String url, long modNanos, long mode, boolean isDir, boolean isSymlink, String symlinkPath) {
    }

    private final FileServerConfig.Browse config;

    DirectoryListing(FileServerConfig.Browse config) {
        this.config = config;
    }

    void serve(Exchange ex, Next next, FileServerHandler files, Path root, Path dir, HiddenFiles hidden) throws HandlerException {
        String orig = ex.originalPath();
        if ((ex.path().isEmpty() || GoPath.base(orig).equals(GoPath.base(ex.path()))) && !orig.endsWith("/")) {
            FileServerHandler.redirect(ex, orig + "/");  // relative links need the slash, canonical_uris or not
            return;
        }
        long lastModified;
        List<Item> items = new ArrayList<>();
        try {
            lastModified = Files.getLastModifiedTime(dir).to(TimeUnit.NANOSECONDS);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    if (items.size() >= config.fileLimit()) {
                        break;
                    }
                    Item item = item(entry, hidden);
                    if (item != null) {
                        items.add(item);
                        lastModified = Math.max(lastModified, item.modNanos());
                    }
                }
            }
        } catch (AccessDeniedException e) {
            throw new HandlerException(403, "permission denied", e);
        } catch (NoSuchFileException e) {
            files.notFound(ex, next);
            return;
        } catch (IOException e) {
            throw new HandlerException(500, e.getMessage(), e);
        }
        HeaderList h = ex.response().headers();
        h.add("Vary", "Accept, Accept-Encoding");
        long lastSeconds = TimeUnit.NANOSECONDS.toSeconds(lastModified);
        String ims = ex.header("If-Modified-Since");
        Long since = ims == null ? null : HttpDates.parse(ims);
        if (since != null && lastSeconds <= since) {
            ex.response().status(304).send();
            return;
        }
        items = sortAndLimit(ex, items);
        h.set("Last-Modified", HttpDates.format(lastSeconds));
        String accept = String.join(",", ex.headers().values("Accept")).toLowerCase(Locale.ROOT);
        byte[] body;
        if (accept.contains("application/json")) {
            body = json(items);
            h.set("Content-Type", "application/json; charset=utf-8");
        } else if (accept.contains("text/plain")) {
            body = text(items);
            h.set("Content-Type", "text/plain; charset=utf-8");
        } else {
            body = html(ex, items);
            h.set("Content-Type", "text/html; charset=utf-8");
        }
        ex.response().status(200).send(body);
    }

    private Item item(Path entry, HiddenFiles hidden) throws IOException {
        String name = entry.getFileName().toString();
        if (hidden.hides(Path.of(name))) {
            return null;  // Caddy checks the bare name here (so only name globs hide listing entries)
        }
        BasicFileAttributes own;
        try {
            own = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;  // vanished or unreadable: left out, as Caddy does
        }
        boolean symlink = own.isSymbolicLink();
        BasicFileAttributes target = symlink ? FileServerHandler.statQuietly(entry) : null;
        boolean isDir = own.isDirectory() || target != null && target.isDirectory();
        long size = target != null ? target.size() : own.size();
        String shown = isDir ? name + "/" : name;
        String link = "";
        if (symlink && config.revealSymlinks()) {
            try {
                link = Files.readSymbolicLink(entry).toString();
            } catch (IOException ignored) {
                // shown without its target
            }
        }
        return new Item(shown, size, PathCodec.encode("./" + shown), own.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                goMode(entry, own), isDir, symlink, link);
    }

    /** Go's os.FileMode bits: type bits high, permissions low. */
    private static long goMode(Path entry, BasicFileAttributes own) {
        long mode = own.isDirectory() ? 1L << 31 : own.isSymbolicLink() ? 1L << 27 : 0;
        try {
            PosixFileAttributes posix = Files.readAttributes(entry, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            for (PosixFilePermission p : posix.permissions()) {
                mode |= 1L << (8 - p.ordinal());
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // no POSIX permissions on this file system
        }
        return mode;
    }

    private List<Item> sortAndLimit(Exchange ex, List<Item> items) {
        String sort = config.sortBy();
        String order = config.sortOrder();
        if (!param(ex, "sort").isEmpty()) {
            sort = param(ex, "sort");
        }
        if (!param(ex, "order").isEmpty()) {
            order = param(ex, "order");
        }
        HeaderList h = ex.response().headers();
        String cookieFlags = "; HttpOnly" + (ex.secure() ? "; Secure" : "") + "; SameSite=Lax";
        switch (sort) {
            case "" -> {
                String c = Cookies.value(ex, "sort");
                sort = c == null ? "namedirfirst" : c;
            }
            case "name", "namedirfirst", "size", "time" -> h.add("Set-Cookie", "sort=" + sort + cookieFlags);
            default -> {
            }
        }
        switch (order) {
            case "" -> {
                String c = Cookies.value(ex, "order");
                order = c == null ? "asc" : c;
            }
            case "asc", "desc" -> h.add("Set-Cookie", "order=" + order + cookieFlags);
            default -> {
            }
        }
        Comparator<Item> byName = Comparator.comparing(i -> i.name().toLowerCase(Locale.ROOT));
        Comparator<Item> cmp = switch (sort) {
            case "name" -> byName;
            case "namedirfirst" -> Comparator.comparing((Item i) -> !i.isDir()).thenComparing(byName);
            case "size" -> Comparator.comparing((Item i) -> !i.isDir())
                    .thenComparing((a, b) -> a.isDir() ? byName.compare(a, b) : Long.compare(a.size(), b.size()));
            case "time" -> Comparator.comparingLong(Item::modNanos);
            default -> null;
        };
        List<Item> sorted = new ArrayList<>(items);
        if (cmp != null) {
            sorted.sort(order.equals("desc") ? cmp.reversed() : cmp);
        }
        int offset = number(param(ex, "offset"));
        if (offset > 0 && offset <= sorted.size()) {
            sorted = sorted.subList(offset, sorted.size());
        }
        int limit = number(param(ex, "limit"));
        if (limit > 0 && limit <= sorted.size()) {
            sorted = sorted.subList(0, limit);
        }
        return sorted;
    }

    private static String param(Exchange ex, String key) {
        List<String> v = QueryParams.values(ex.rawQuery(), key);
        return v.isEmpty() ? "" : v.get(0);
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static byte[] json(List<Item> items) throws HandlerException {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Item i : items) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("size", i.size());
            m.put("url", i.url());
            m.put("mod_time", rfc3339Nano(i.modNanos()));
            m.put("mode", i.mode());
            m.put("is_dir", i.isDir());
            m.put("is_symlink", i.isSymlink());
            if (!i.symlinkPath().isEmpty()) {
                m.put("symlink_path", i.symlinkPath());
            }
            out.add(m);
        }
        try {
            return (JSON.writeValueAsString(out) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HandlerException(500, e.getMessage(), e);
        }
    }

    /** Go's time.Time JSON in UTC: RFC 3339 with the fraction's trailing zeros dropped. */
    static String rfc3339Nano(long epochNanos) {
        Instant t = Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").format(t.atOffset(ZoneOffset.UTC));
        if (t.getNano() == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + frac + "Z";
    }

    private static byte[] text(List<Item> items) {
        StringBuilder b = new StringBuilder("Name\tSize\tModified\n----\t----\t--------\n");
        for (Item i : items) {
            b.append(i.name()).append('\t').append(humanSize(i.size())).append('\t')
                    .append(TEXT_TIME.format(Instant.ofEpochSecond(TimeUnit.NANOSECONDS.toSeconds(i.modNanos())).atOffset(ZoneOffset.UTC)))
                    .append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] html(Exchange ex, List<Item> items) {
        String path = FileServerHandler.htmlEscape(ex.path());
        StringBuilder b = new StringBuilder(1024 + items.size() * 160);
        b.append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(path).append("</title>\n<style>body{font-family:sans-serif;margin:2em}")
                .append("td,th{padding:.2em 1em;text-align:left}td.size{text-align:right}</style>\n</head>\n<body>\n<h1>")
                .append(path).append("</h1>\n<table>\n<thead><tr><th>Name</th><th>Size</th><th>Modified</th></tr></thead>\n<tbody>\n");
        if (ex.path().length() > 1) {
            b.append("<tr><td><a href=\"../\">Up</a></td><td></td><td></td></tr>\n");
        }
        for (Item i : items) {
            b.append("<tr><td><a href=\"").append(FileServerHandler.htmlEscape(i.url())).append("\">")
                    .append(FileServerHandler.htmlEscape(i.name())).append("</a>");
            if (!i.symlinkPath().isEmpty()) {
                b.append(" &rarr; ").append(FileServerHandler.htmlEscape(i.symlinkPath()));
            }
            b.append("</td><td class=\"size\">").append(i.isDir() ? "&mdash;" : humanSize(i.size())).append("</td><td>")
                    .append(rfc3339Nano(i.modNanos()), 0, 19).append("Z</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</body>\n</html>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** go-humanize's IBytes: "9 B", "1.5 KiB", "12 MiB". */
    static String humanSize(long s) {
        if (s < 10) {
            return s + " B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int e = (int) Math.floor(Math.log(s) / Math.log(1024));
        double val = Math.floor(s / Math.pow(1024, e) * 10 + 0.5) / 10;
        return val < 10 ? String.format(Locale.ROOT, "%.1f %s", val, units[e]) : String.format(Locale.ROOT, "%.0f %s", val, units[e]);
    }
}
