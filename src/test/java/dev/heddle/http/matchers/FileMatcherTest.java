package dev.heddle.http.matchers;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Caddy's {@code file} matcher over real sockets: each row is a matcher config (try_files,
 * try_policy, split_path) and a request path, answered with the placeholders it publishes or
 * "no match".
 */
class FileMatcherTest {
    private static Path root;

    @BeforeAll
    static void tree() throws Exception {
        root = Files.createTempDirectory("heddle-file-matcher");
        Files.createDirectories(root.resolve("dir"));
        Files.writeString(root.resolve("a.txt"), "aaaa");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.writeString(root.resolve("c.txt"), "cc");
        Files.writeString(root.resolve("index.php"), "<?php");
        Files.writeString(root.resolve("dir/index.php"), "<?php");
        Files.setLastModifiedTime(root.resolve("a.txt"), FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Files.setLastModifiedTime(root.resolve("b.txt"), FileTime.from(Instant.parse("2024-03-01T00:00:00Z")));
        Files.setLastModifiedTime(root.resolve("c.txt"), FileTime.from(Instant.parse("2024-02-01T00:00:00Z")));
        // two files alike in size and time: every policy keeps the first (Caddy's strict comparisons)
        Files.writeString(root.resolve("x.tie"), "zz");
        Files.writeString(root.resolve("y.tie"), "zz");
        Files.setLastModifiedTime(root.resolve("x.tie"), FileTime.from(Instant.parse("2024-04-01T00:00:00Z")));
        Files.setLastModifiedTime(root.resolve("y.tie"), FileTime.from(Instant.parse("2024-04-01T00:00:00Z")));
    }

    @AfterAll
    static void clean() throws Exception {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        // matcher fields (besides root) ; path ; relative,type,remainder (or "no match")
        "`` ; /a.txt ; /a.txt,file,",
        "`` ; /nope.txt ; no match",
        "`` ; /dir ; no match",
        "\"try_files\": [\"{http.request.uri.path}/\"] ; /dir ; /dir/,directory,",
        "\"try_files\": [\"{http.request.uri.path}\", \"/index.php\"] ; /route/x ; /index.php,file,",
        "\"try_files\": [\"{http.request.uri.path}\", \"missing\"], \"try_policy\": \"first_exist_fallback\" ; /route ; /missing,file,",
        "\"try_files\": [\"/*.txt\"], \"try_policy\": \"largest_size\" ; / ; /a.txt,file,",
        "\"try_files\": [\"/*.txt\"], \"try_policy\": \"smallest_size\" ; / ; /b.txt,file,",
        "\"try_files\": [\"/*.txt\"], \"try_policy\": \"most_recently_modified\" ; / ; /b.txt,file,",
        "\"try_files\": [\"/*.txt\"] ; / ; /a.txt,file,",
        "\"try_files\": [\"{http.request.uri.path}\"], \"split_path\": [\".php\"] ; /index.php/p/q ; /index.php,file,/p/q",
        "\"try_files\": [\"{http.request.uri.path}\"], \"split_path\": [\".php\"] ; /index.phpx ; no match",
        "\"try_files\": [\"{http.request.uri.path}\"] ; /../a.txt ; /a.txt,file,",
        "\"try_files\": [\"/*.tie\"], \"try_policy\": \"largest_size\" ; / ; /x.tie,file,",
        "\"try_files\": [\"/*.tie\"], \"try_policy\": \"smallest_size\" ; / ; /x.tie,file,",
        "\"try_files\": [\"/*.tie\"], \"try_policy\": \"most_recently_modified\" ; / ; /x.tie,file,",
        // a split that is not in the path splits nothing (the fallback candidate is published unchecked)
        "\"try_files\": [\"{http.request.uri.path}\"], \"try_policy\": \"first_exist_fallback\", \"split_path\": [\"abc\"] ; /x/y ; /x/y,file,",
        "\"try_files\": [\"{http.request.uri.path}\"], \"try_policy\": \"first_exist_fallback\", \"split_path\": [\".k\"] ; /a/b ; /a/b,file,",
        // the Kelvin sign folds to 'k' in Unicode, never in Caddy's ASCII-only split
        "\"try_files\": [\"{http.request.uri.path}\"], \"try_policy\": \"first_exist_fallback\", \"split_path\": [\".k\"] ; /a.%E2%84%AA/b ; /a.\u212A/b,file,",
        "\"try_files\": [\"{http.request.uri.path}\"], \"try_policy\": \"first_exist_fallback\", \"split_path\": [\".k\"] ; /a.K/b ; /a.K,file,/b",
    })
    void matches(String fields, String path, String answer) throws Exception {
        String extra = fields == null || fields.isEmpty() ? "" : ", " + fields;
        try (Heddle h = Heddle.withRoutes("""
                [{"match": [{"file": {"root": "%s"%s}}], "terminal": true, "handle": [{"handler": "static_response",
                   "body": "{http.matchers.file.relative},{http.matchers.file.type},{http.matchers.file.remainder}"}]},
                 {"handle": [{"handler": "static_response", "body": "no match"}]}]
                """.formatted(root, extra))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(answer, r.bodyText(), path);
        }
    }

    /** {http.matchers.file.absolute}: the file's path under the root. */
    @org.junit.jupiter.api.Test
    void absoluteIsTheFileUnderTheRoot() throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"match": [{"file": {"root": "%s"}}], "handle": [{"handler": "static_response",
                   "body": "{http.matchers.file.absolute}"}]}]
                """.formatted(root))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(root.resolve("a.txt").toString(), r.bodyText());
        }
    }
}
