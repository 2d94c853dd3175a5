package dev.heddle.handlers.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * file_server fields the README lists that {@link FileServerTest} does not reach, over real
 * sockets: browse's `file_limit` and `reveal_symlinks`, and `etag_file_extensions`.
 */
class FileServerOptionsTest {
    private static RawClient.Response get(Heddle h, String host, String target, String... headers) throws Exception {
        StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String header : headers) {
            req.append(header).append("\r\n");
        }
        return RawClient.exchange(h.port(), req.append("Connection: close\r\n\r\n").toString());
    }

    private static Heddle serve(Path root) throws Exception {
        return Heddle.withRoutes("""
                [{"match": [{"host": ["limited"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                   "browse": {"file_limit": 2}}]},
                 {"match": [{"host": ["reveal"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                   "browse": {"reveal_symlinks": true}}]},
                 {"match": [{"host": ["plain"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                   "browse": {}}]},
                 {"match": [{"host": ["etags"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                   "etag_file_extensions": [".etag", ".sum"]}]}]""".formatted(root));
    }

    @Test
    void fileLimitCutsTheListing(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("many"));
        for (String name : new String[] {"a", "b", "c", "d", "e"}) {
            Files.writeString(root.resolve("many").resolve(name), name);
        }
        try (Heddle h = serve(root)) {
            JsonNode limited = new ObjectMapper().readTree(get(h, "limited", "/many/", "Accept: application/json").body());
            assertEquals(2, limited.size(), limited.toString());
            JsonNode all = new ObjectMapper().readTree(get(h, "plain", "/many/", "Accept: application/json").body());
            assertEquals(5, all.size(), all.toString());
        }
    }

    @Test
    void revealSymlinksShowsTheLinksTarget(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("links"));
        Files.writeString(root.resolve("links/target.txt"), "t");
        Files.createSymbolicLink(root.resolve("links/link"), Path.of("target.txt"));
        try (Heddle h = serve(root)) {
            JsonNode revealed = link(get(h, "reveal", "/links/", "Accept: application/json"));
            assertTrue(revealed.get("is_symlink").asBoolean());
            assertEquals("target.txt", revealed.get("symlink_path").asText(), revealed.toString());
            JsonNode hidden = link(get(h, "plain", "/links/", "Accept: application/json"));
            assertTrue(hidden.get("is_symlink").asBoolean());
            assertFalse(hidden.has("symlink_path"), hidden.toString());
            assertTrue(get(h, "reveal", "/links/", "Accept: text/html").bodyText().contains("&rarr; target.txt"), "and in the HTML page");
        }
    }

    private static JsonNode link(RawClient.Response r) throws Exception {
        for (JsonNode item : new ObjectMapper().readTree(r.body())) {
            if (item.get("name").asText().equals("link")) {
                return item;
            }
        }
        throw new AssertionError("no link in " + r.bodyText());
    }

    @Test
    void etagFileExtensionsGiveTheEtagFromASidecar(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("with-etag.txt"), "body");
        Files.writeString(root.resolve("with-etag.txt.etag"), "\"from-the-etag-file\"\n");
        Files.writeString(root.resolve("with-sum.txt"), "body");
        Files.writeString(root.resolve("with-sum.txt.sum"), "\"from-the-sum-file\"");
        Files.writeString(root.resolve("none.txt"), "body");
        try (Heddle h = serve(root)) {
            assertEquals("\"from-the-etag-file\"", get(h, "etags", "/with-etag.txt").header("ETag"));
            assertEquals("\"from-the-sum-file\"", get(h, "etags", "/with-sum.txt").header("ETag"), "the next extension");
            assertEquals(304, get(h, "etags", "/with-etag.txt", "If-None-Match: \"from-the-etag-file\"").status());
            String own = get(h, "etags", "/none.txt").header("ETag");
            assertTrue(own.matches("\"[0-9a-z]+-4\""), "without a sidecar Caddy's own ETag: " + own);
        }
    }

    /** A file dated 1970-01-01 00:00:00 or :01 (what tools set) has no ETag and no Last-Modified, as Caddy. */
    @Test
    void aFileDatedAtTheEpochHasNoValidators(@TempDir Path root) throws Exception {
        for (int second : new int[] {0, 1, 2}) {
            Path f = Files.writeString(root.resolve("t" + second + ".txt"), "x");
            Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.fromMillis(second * 1000L));
        }
        try (Heddle h = serve(root)) {
            for (int second : new int[] {0, 1}) {
                RawClient.Response r = get(h, "plain", "/t" + second + ".txt");
                assertEquals(200, r.status());
                assertEquals(null, r.header("ETag"), "second " + second);
                assertEquals(null, r.header("Last-Modified"), "second " + second);
            }
            RawClient.Response two = get(h, "plain", "/t2.txt");
            assertEquals("Thu, 01 Jan 1970 00:00:02 GMT", two.header("Last-Modified"));
            assertTrue(two.header("ETag") != null);
        }
    }
}
