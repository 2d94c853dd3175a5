package dev.heddle.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Caddy's {@code file_server} handler, field for field (fileserver/staticfiles.go); facts in
 * caddy-reference-2.md §D.1.
 *
 * @param root               the site root, placeholders allowed ({@code {http.vars.root}} by default)
 * @param hide               file names, globs or paths never served (Caddy's matching)
 * @param indexNames         index files tried in a directory, in order
 * @param browse             directory listings, or null for none
 * @param canonicalUris      redirect directories to a trailing slash and files away from it
 * @param statusCode         a status to answer with instead of 200 (placeholders allowed), or ""
 * @param passThru           a missing file calls the next handler instead of a 404
 * @param precompressed      encodings whose sidecar files ({@code .gz}, {@code .br}, {@code .zst}) may be served
 * @param precompressedOrder the server's order among those; empty means the client's
 * @param etagFileExtensions sidecar suffixes whose file holds the ETag
 * @param followSymlinks     Heddle's {@code "symlinks": "follow"}: follow symlinks out of the root, as Caddy
 *                           does; by default ({@code "inside_root"}) only those that stay under it
 */
public record FileServerConfig(String root, List<String> hide, List<String> indexNames, Browse browse,
                               boolean canonicalUris, String statusCode, boolean passThru,
                               List<String> precompressed, List<String> precompressedOrder,
                               List<String> etagFileExtensions, boolean followSymlinks) implements HandlerConfig {

    /** Caddy's sidecar suffix per precompressed encoding. */
    public static final Map<String, String> SIDECAR_SUFFIXES = Map.of("gzip", ".gz", "br", ".br", "zstd", ".zst");

    /**
     * @param revealSymlinks list a symlink's target
     * @param sortBy         name, namedirfirst, size or time ("" for Caddy's default)
     * @param sortOrder      asc or desc ("" for Caddy's default)
     * @param fileLimit      the most entries read from a directory
     */
    public record Browse(boolean revealSymlinks, String sortBy, String sortOrder, int fileLimit) {
    }

    static FileServerConfig parse(Node n) throws ConfigException {
        Node fs = n.field("fs");
        String fsName = fs.string("");
        if (!fsName.isEmpty() && !fsName.equals("{http.vars.fs}")) {
            throw fs.error("file systems other than the local disk are not supported (\"" + fsName + "\")");
        }
        String root = n.field("root").string("{http.vars.root}");
        List<String> hide = n.field("hide").strings();
        Node index = n.field("index_names");
        List<String> indexNames = index.absent() ? List.of("index.html", "index.txt") : index.strings();
        Browse browse = browse(n.field("browse"));
        boolean canonical = n.field("canonical_uris").bool(true);
        String status = StaticResponseConfig.weakStatus(n.field("status_code"));
        boolean passThru = n.field("pass_thru").bool(false);
        Node pre = n.field("precompressed");
        List<String> precompressed = new ArrayList<>();
        for (Map.Entry<String, Node> e : pre.entries().entrySet()) {
            if (!SIDECAR_SUFFIXES.containsKey(e.getKey())) {
                throw new ConfigException(pre.path() + "." + e.getKey(), "unknown precompressed encoding (Caddy has gzip, br and zstd)");
            }
            e.getValue().requireObject();
            e.getValue().done();
            precompressed.add(e.getKey());
        }
        Node orderNode = n.field("precompressed_order");
        List<String> order = orderNode.strings();
        for (int i = 0; i < order.size(); i++) {
            if (!precompressed.contains(order.get(i))) {
                throw new ConfigException(orderNode.path() + "[" + i + "]",
                        "precompression order for \"" + order.get(i) + "\" was set, but it is not in precompressed");
            }
        }
        List<String> etagExtensions = n.field("etag_file_extensions").strings();
        Node symlinks = n.field("symlinks");
        String symlinkRule = symlinks.string("inside_root");
        if (!symlinkRule.equals("inside_root") && !symlinkRule.equals("follow")) {
            throw symlinks.error("must be \"inside_root\" (the default) or \"follow\" (Caddy's behaviour), not \"" + symlinkRule + "\"");
        }
        n.done(Set.of("file_system"));
        return new FileServerConfig(root, hide, indexNames, browse, canonical, status, passThru,
                List.copyOf(precompressed), order, etagExtensions,
                symlinkRule.equals("follow"));
    }

    private static Browse browse(Node b) throws ConfigException {
        if (b.absent()) {
            return null;
        }
        b.requireObject();
        Node template = b.field("template_file");
        if (!template.absent()) {
            throw template.error("custom browse templates (Go templates) are not supported; the built-in listing is used without it");
        }
        boolean reveal = b.field("reveal_symlinks").bool(false);
        Node sortNode = b.field("sort");
        String by = "";
        String order = "";
        for (String s : sortNode.strings()) {
            switch (s) {
                case "name", "namedirfirst", "size", "time" -> by = s;
                case "asc", "desc" -> order = s;
                default -> throw sortNode.error("unknown sort option \"" + s + "\" (name, namedirfirst, size, time, asc, desc)");
            }
        }
        int limit = b.field("file_limit").intValue(10000, 0, Integer.MAX_VALUE);
        b.done();
        return new Browse(reveal, by, order, limit == 0 ? 10000 : limit);
    }
}
