package dev.heddle.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Caddy's {@code encode} handler (encode/encode.go; caddy-reference-2.md §D.3).
 *
 * @param encodings     encoding name → level: gzip 1..9 (Caddy's -3..0 map to zlib's default), zstd 1..22
 * @param zstdChecksum  zstd frames carry a checksum
 * @param prefer        the server's order between encodings the client weighs equally
 * @param minimumLength responses of this many bytes or fewer are not encoded
 * @param matchStatus   status codes or one-digit classes that may be encoded; empty = any
 * @param matchHeaders  response header patterns that must match (Caddy's defaults: compressible types)
 */
public record EncodeConfig(Map<String, Integer> encodings, boolean zstdChecksum, List<String> prefer, int minimumLength,
                           List<Integer> matchStatus, Map<String, List<String>> matchHeaders) implements HandlerConfig {

    /** Caddy's default Content-Type patterns (current Caddy's list). */
    public static final List<String> DEFAULT_TYPES = List.of(
            "application/atom+xml*", "application/eot*", "application/font*", "application/geo+json*",
            "application/graphql+json*", "application/graphql-response+json*", "application/javascript*",
            "application/json*", "application/ld+json*", "application/manifest+json*", "application/opentype*",
            "application/otf*", "application/rss+xml*", "application/truetype*", "application/ttf*",
            "application/vnd.api+json*", "application/vnd.ms-fontobject*", "application/wasm*",
            "application/x-httpd-cgi*", "application/x-javascript*", "application/x-opentype*", "application/x-otf*",
            "application/x-perl*", "application/x-protobuf*", "application/x-ttf*", "application/xhtml+xml*",
            "application/xml*", "font/ttf*", "font/otf*", "image/svg+xml*", "image/vnd.microsoft.icon*",
            "image/x-icon*", "multipart/bag*", "multipart/mixed*", "text/*");

    static EncodeConfig parse(Node n) throws ConfigException {
        Node encNode = n.field("encodings");
        Map<String, Integer> encodings = new LinkedHashMap<>();
        boolean checksum = false;
        for (Map.Entry<String, Node> e : encNode.entries().entrySet()) {
            Node c = e.getValue();
            c.requireObject();
            switch (e.getKey()) {
                case "gzip" -> {
                    int level = c.field("level").intValue(5, -3, 9);
                    encodings.put("gzip", level <= 0 ? -1 : level);
                }
                case "zstd" -> {
                    Node l = c.field("level");
                    String level = l.string("default");
                    encodings.put("zstd", switch (level) {
                        case "fastest" -> 1;
                        case "default" -> 3;
                        case "better" -> 7;
                        case "best" -> 11;
                        default -> throw l.error("unknown zstd level \"" + level + "\" (fastest, default, better, best)");
                    });
                    checksum = c.field("checksum").bool(false);
                }
                default -> throw new ConfigException(encNode.path() + "." + e.getKey(),
                        "unknown encoding (Heddle has gzip and zstd, as Caddy's standard build)");
            }
            c.done();
        }
        if (encodings.isEmpty()) {
            throw encNode.error("encode needs at least one encoding (gzip or zstd)");
        }
        Node preferNode = n.field("prefer");
        List<String> prefer = new ArrayList<>();
        if (preferNode.absent()) {
            for (String name : List.of("zstd", "br", "gzip")) {
                if (encodings.containsKey(name)) {
                    prefer.add(name);
                }
            }
        } else {
            List<String> given = preferNode.strings();
            for (int i = 0; i < given.size(); i++) {
                String name = given.get(i);
                if (!encodings.containsKey(name)) {
                    throw new ConfigException(preferNode.path() + "[" + i + "]", "encoding " + name + " not enabled");
                }
                if (prefer.contains(name)) {
                    throw new ConfigException(preferNode.path() + "[" + i + "]", "encoding " + name + " is duplicated in prefer");
                }
                prefer.add(name);
            }
        }
        int min = n.field("minimum_length").intValue(512, Integer.MIN_VALUE, Integer.MAX_VALUE);
        ResponseMatchConfig match = ResponseMatchConfig.parse(n.field("match"), Map.of("Content-Type", DEFAULT_TYPES));
        n.done();
        return new EncodeConfig(Map.copyOf(encodings), checksum, List.copyOf(prefer), min == 0 ? 512 : min,
                match.statuses(), match.headers());
    }
}
