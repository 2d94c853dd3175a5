package dev.heddle.handlers.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caddy's file_server over real sockets: types, Caddy's ETag, Go's conditionals and ranges,
 * sidecars, canonical slashes, hidden files, pass_thru, error routes, status_code, browse in
 * JSON, text and HTML, and hostile paths that must never reach a byte outside the root.
 * One Heddle serves several file_server configs, chosen by Host.
 */
class FileServerTest {
    private static SiteTree site;
    private static Heddle heddle;
    /** Caddy's ETag for a file of the tree: mtime in ns and size, both base 36. */
    private static final String ETAG_A = "\"cy3vy65j9set-c\"";
    private static final String LAST_MODIFIED = "Tue, 02 Jan 2024 03:04:05 GMT";

    @BeforeAll
    static void start() throws Exception {
        site = new SiteTree();
        String root = site.root.toString();
        heddle = Heddle.start("""
                {"admin": {"disabled": true}, "apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"], "routes": [
                  {"match": [{"host": ["plain"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                     "hide": [".hidden", "%1$s/private"], "precompressed": {"gzip": {}, "br": {}}}]},
                  {"match": [{"host": ["ordered"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                     "precompressed": {"gzip": {}, "br": {}}, "precompressed_order": ["br", "gzip"]}]},
                  {"match": [{"host": ["browse"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s",
                     "hide": [".secretfile"], "browse": {}}]},
                  {"match": [{"host": ["pass"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s", "pass_thru": true},
                     {"handler": "static_response", "body": "fallback"}]},
                  {"match": [{"host": ["teapot"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s", "status_code": 418}]},
                  {"match": [{"host": ["nocanon"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s", "canonical_uris": false}]},
                  {"match": [{"host": ["follow"]}], "terminal": true, "handle": [{"handler": "file_server", "root": "%1$s", "symlinks": "follow"}]},
                  {"match": [{"host": ["rewritten"]}], "terminal": true, "handle": [{"handler": "rewrite", "uri": "/dir"},
                     {"handler": "file_server", "root": "%1$s"}]},
                  {"match": [{"host": ["vars"]}], "terminal": true, "handle": [{"handler": "vars", "root": "%1$s/dir"},
                     {"handler": "file_server", "index_names": ["n.txt", "index.html"]}]},
                  {"match": [{"host": ["errors"]}], "terminal": true, "handle": [{"handler": "error", "error": "nope", "status_code": 404}]}],
                 "errors": {"routes": [{"match": [{"host": ["errors"]}], "handle": [{"handler": "rewrite", "uri": "/page.html"},
                     {"handler": "file_server", "root": "%1$s"}]}]}}}}}}
                """.formatted(root));
    }

    @AfterAll
    static void stop() throws Exception {
        heddle.close();
        site.close();
    }

    static RawClient.Response get(String host, String target, String... headers) throws Exception {
        return request("GET", host, target, headers);
    }

    static RawClient.Response request(String method, String host, String target, String... headers) throws Exception {
        StringBuilder req = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n");
        return RawClient.exchange(heddle.port(), req.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // path            | status | Content-Type                | body
        "/a.txt            | 200    | text/plain; charset=utf-8   | hello world\\n",
        "/style.css        | 200    | text/css; charset=utf-8     | body { color: red }\\n",
        "/page.html        | 200    | text/html; charset=utf-8    | <p>page</p>",
        "/data.json        | 200    | application/json            | {}",
        "/noext            | 200    | NONE                        | x",
        "/dir/             | 200    | text/html; charset=utf-8    | <h1>index</h1>",
        "/sp%20ace.txt     | 200    | text/plain; charset=utf-8   | space",
        "/%C3%BCn%C3%AF.txt | 200   | text/plain; charset=utf-8   | unicode",
        "/link-in          | 200    | NONE                        | hello world\\n",
        "/nope             | 404    | NONE                        | ''",
        "/.hidden          | 404    | NONE                        | ''",
        "/private/key.txt  | 404    | NONE                        | ''",
        "/private          | 404    | NONE                        | ''",
        "/a.txt/x          | 404    | NONE                        | ''",
        "/list/            | 404    | NONE                        | ''",
    })
    void servesFilesWithTheirTypes(String path, int status, String type, String body) throws Exception {
        RawClient.Response r = get("plain", path);
        assertEquals(status, r.status(), path);
        assertEquals(type, r.header("Content-Type"), path);
        assertEquals(body.replace("\\n", "\n"), r.bodyText(), path);
    }

    @Test
    void validatorsAndHead() throws Exception {
        RawClient.Response r = get("plain", "/a.txt");
        assertEquals(ETAG_A, r.header("ETag"));
        assertEquals(LAST_MODIFIED, r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals("12", r.header("Content-Length"));
        RawClient.Response head = request("HEAD", "plain", "/a.txt");
        assertEquals(200, head.status());
        assertEquals("12", head.header("Content-Length"), "HEAD keeps the length");
        assertEquals(ETAG_A, head.header("ETag"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what                                   | request header                                             | status
        "If-None-Match the ETag                   | If-None-Match: " + ETAG_A + "                              | 304",
        "If-None-Match weakly                     | If-None-Match: W/" + ETAG_A + "                            | 304",
        "If-None-Match in a list                  | If-None-Match: \"x\", " + ETAG_A + "                       | 304",
        "If-None-Match star                       | If-None-Match: *                                           | 304",
        "If-None-Match another                    | If-None-Match: \"other\"                                   | 200",
        "If-Modified-Since the time               | If-Modified-Since: " + LAST_MODIFIED + "                   | 304",
        "If-Modified-Since before                 | If-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT           | 200",
        "If-Modified-Since in RFC 850 form        | If-Modified-Since: Tuesday, 02-Jan-24 03:04:05 GMT         | 304",
        "If-Modified-Since in asctime form        | If-Modified-Since: Tue Jan  2 03:04:05 2024                | 304",
        "If-Match the ETag                        | If-Match: " + ETAG_A + "                                   | 200",
        "If-Match a weak ETag never               | If-Match: W/" + ETAG_A + "                                 | 412",
        "If-Match another                         | If-Match: \"other\"                                        | 412",
        "If-Unmodified-Since earlier              | If-Unmodified-Since: Mon, 01 Jan 2024 00:00:00 GMT         | 412",
        "If-Unmodified-Since later                | If-Unmodified-Since: Wed, 03 Jan 2024 00:00:00 GMT         | 200",
        "a bad date is ignored                    | If-Modified-Since: yesterday                               | 200",
    })
    void conditionals(String what, String header, int status) throws Exception {
        RawClient.Response r = get("plain", "/a.txt", header);
        assertEquals(status, r.status(), what);
        if (status == 304) {
            assertNull(r.header("Content-Type"), what);
            assertNull(r.header("Last-Modified"), "an ETag makes Last-Modified redundant on a 304");
            assertEquals(ETAG_A, r.header("ETag"));
            assertEquals(0, r.body().length);
        }
        if (status == 412) {
            assertEquals(0, r.body().length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // Range              | status | Content-Range          | from | length
        "bytes=0-4            | 206    | bytes 0-4/5000         | 0    | 5",
        "bytes=4990-          | 206    | bytes 4990-4999/5000   | 4990 | 10",
        "bytes=-10            | 206    | bytes 4990-4999/5000   | 4990 | 10",
        "bytes=4990-99999     | 206    | bytes 4990-4999/5000   | 4990 | 10",
        "bytes=-99999         | 206    | bytes 0-4999/5000      | 0    | 5000",
        "bytes=0-0,0-0,0-0,0-4999,0-4999 | 200 | NONE            | 0    | 5000",
        "items=0-4            | 416    | NONE                   | 0    | 0",
        "bytes=5-2            | 416    | NONE                   | 0    | 0",
        "bytes=6000-          | 416    | bytes */5000           | 0    | 0",
        "bytes=x-4            | 416    | NONE                   | 0    | 0",
    })
    void singleRanges(String range, int status, String contentRange, int from, int length) throws Exception {
        RawClient.Response r = get("plain", "/blob.bin", "Range: " + range);
        assertEquals(status, r.status(), range);
        assertEquals(contentRange, r.header("Content-Range"), range);
        if (status == 416) {
            assertTrue(r.bodyText().startsWith("invalid range"), r.bodyText());
            assertNull(r.header("ETag"), "Go's serveError drops the validators");
            return;
        }
        assertEquals(length, r.body().length, range);
        for (int i = 0; i < length; i++) {
            assertEquals((byte) ((from + i) * 31 + 7), r.body()[i], range + " byte " + i);
        }
    }

    @Test
    void multipleRangesAreMultipartByteranges() throws Exception {
        RawClient.Response r = get("plain", "/a.txt", "Range: bytes=0-1, 6-10");
        assertEquals(206, r.status());
        String type = r.header("Content-Type");
        assertTrue(type.startsWith("multipart/byteranges; boundary="), type);
        String boundary = type.substring(type.indexOf('=') + 1);
        assertEquals(Integer.parseInt(r.header("Content-Length")), r.body().length);
        String expected = "--" + boundary + "\r\nContent-Range: bytes 0-1/12\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhe"
                + "\r\n--" + boundary + "\r\nContent-Range: bytes 6-10/12\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nworld"
                + "\r\n--" + boundary + "--\r\n";
        assertEquals(expected, r.bodyText());
    }

    @ParameterizedTest(name = "If-Range {0}")
    @CsvSource(delimiter = '|', value = {
        ETAG_A + "                          | 206",
        "\"stale\"                          | 200",
        "W/" + ETAG_A + "                   | 200",
        LAST_MODIFIED + "                   | 206",
        "Mon, 01 Jan 2024 00:00:00 GMT      | 200",
    })
    void ifRangeDecidesWhetherTheRangeCounts(String ifRange, int status) throws Exception {
        RawClient.Response r = get("plain", "/a.txt", "Range: bytes=0-4", "If-Range: " + ifRange);
        assertEquals(status, r.status());
        assertEquals(status == 206 ? "hello" : "hello world\n", r.bodyText());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // host    | Accept-Encoding          | served encoding | body
        "plain     | gzip                     | gzip            | pretend-gzip",
        "plain     | br, gzip                 | br              | pretend-brotli",
        "plain     | gzip, br                 | gzip            | pretend-gzip",
        "plain     | gzip;q=0.5, br;q=0.9     | br              | pretend-brotli",
        "plain     | gzip;q=0, deflate        | NONE            | body { color: red }\\n",
        "plain     | identity                 | NONE            | body { color: red }\\n",
        "ordered   | gzip, br                 | br              | pretend-brotli",
        "ordered   | gzip;q=1, br;q=0.5       | gzip            | pretend-gzip",
    })
    void precompressedSidecars(String host, String accept, String encoding, String body) throws Exception {
        RawClient.Response r = get(host, "/style.css", "Accept-Encoding: " + accept);
        assertEquals(200, r.status());
        assertEquals(encoding, r.header("Content-Encoding"));
        assertEquals(body.replace("\\n", "\n"), r.bodyText());
        assertEquals("text/css; charset=utf-8", r.header("Content-Type"), "the type of the file, not of the sidecar");
        assertEquals("Accept-Encoding", r.header("Vary"));
        assertEquals(String.valueOf(r.body().length), r.header("Content-Length"));
    }

    @Test
    void aSidecarHasItsOwnETag() throws Exception {
        String plain = get("plain", "/style.css").header("ETag");
        String gz = get("plain", "/style.css", "Accept-Encoding: gzip").header("ETag");
        assertEquals("\"cy3vy65j9set-c\"", gz, "mtime and the sidecar's 12 bytes");
        assertFalse(plain.equals(gz));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        // host     | target            | status | Location
        "plain      | /dir              | 308    | /dir/",
        "plain      | /dir?x=1&y=2      | 308    | /dir/?x=1&y=2",
        "plain      | /a.txt/           | 308    | /a.txt",
        "plain      | //dir             | 308    | /dir/",
        "plain      | /sp%20ace.txt/    | 308    | /sp%20ace.txt",
        "nocanon    | /dir              | 200    | NONE",
        "nocanon    | /a.txt/           | 200    | NONE",
        "rewritten  | /anything         | 200    | NONE",
    })
    void canonicalUris(String host, String target, int status, String location) throws Exception {
        RawClient.Response r = get(host, target);
        assertEquals(status, r.status(), target);
        assertEquals(location, r.header("Location"), target);
        if (status == 308) {
            assertEquals("<a href=\"" + location.replace("&", "&amp;") + "\">Permanent Redirect</a>.\n\n", r.bodyText());
        }
    }

    @Test
    void methodsOtherThanGetAndHeadAre405() throws Exception {
        RawClient.Response r = RawClient.exchange(heddle.port(),
                "POST /a.txt HTTP/1.1\r\nHost: plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals(405, r.status());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertEquals(0, r.body().length);
    }

    @Test
    void passThruErrorRoutesStatusCodeAndVarsRoot() throws Exception {
        assertEquals("fallback", get("pass", "/nope").bodyText());
        assertEquals("hello world\n", get("pass", "/a.txt").bodyText());
        RawClient.Response err = get("errors", "/whatever");
        assertEquals(404, err.status(), "a file served in error routes keeps the error's status");
        assertEquals("<p>page</p>", err.bodyText());
        RawClient.Response teapot = get("teapot", "/a.txt");
        assertEquals(418, teapot.status());
        assertEquals("hello world\n", teapot.bodyText());
        RawClient.Response vars = get("vars", "/sub/");
        assertEquals("nested", vars.bodyText(), "root from {http.vars.root}; index_names in order");
    }

    /** Beyond Caddy: a symlink whose target leaves the root is not followed unless "symlinks": "follow". */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "plain  | /link-out     | 404",
        "plain  | /dir-out/s.txt | 404",
        "follow | /link-out     | 200",
        "follow | /dir-out/s.txt | 200",
    })
    void symlinksOutOfTheRoot(String host, String path, int status) throws Exception {
        RawClient.Response r = get(host, path);
        assertEquals(status, r.status());
        assertEquals(status == 200, r.bodyText().contains(SiteTree.SECRET));
    }

    /** None of these may ever return a byte from outside the root (the secret sits next to it). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E/secret.txt",
        "/dir/../../secret.txt", "/dir/%2e%2e/%2e%2e/secret.txt", "/./../secret.txt", "/..\\secret.txt",
        "/%2e%2e%5csecret.txt", "/....//secret.txt", "/..;/secret.txt", "/%252e%252e/secret.txt",
        "/a.txt%00", "/a.txt%00.html", "/%00", "/dir/..%00/secret.txt", "//../secret.txt",
        "/.%2e/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/link-out", "/dir-out/s.txt", "/../outside-dir/s.txt",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.hidden", "/private/key.txt", "/private/../private/key.txt",
        "/PRIVATE/key.txt",
    })
    void hostilePathsNeverLeaveTheRoot(String target) throws Exception {
        RawClient.Response r = get("plain", target);
        assertFalse(r.bodyText().contains(SiteTree.SECRET), target + " served the secret");
        assertFalse(r.bodyText().contains("root:"), target + " served /etc/passwd");
        assertFalse(r.bodyText().equals("dot") || r.bodyText().equals("key"), target + " served a hidden file");
        assertTrue(r.status() == 404 || r.status() == 400, target + " → " + r.status());
    }

    @Test
    void browseListsAsJsonSortedAndWithoutHiddenEntries() throws Exception {
        RawClient.Response r = get("browse", "/list/", "Accept: application/json");
        assertEquals(200, r.status());
        assertEquals("application/json; charset=utf-8", r.header("Content-Type"));
        assertEquals("Accept, Accept-Encoding", r.header("Vary"));
        assertEquals(LAST_MODIFIED, r.header("Last-Modified"));
        JsonNode items = new ObjectMapper().readTree(r.body());
        assertEquals(List.of("zdir/", "a.txt", "b.txt", "C-big.txt"), names(items), "namedirfirst, case-insensitive");
        JsonNode a = items.get(1);
        assertEquals(1, a.get("size").asInt());
        assertEquals("./a.txt", a.get("url").asText());
        assertEquals("2024-01-02T03:04:05.123456789Z", a.get("mod_time").asText());
        assertFalse(a.get("is_dir").asBoolean());
        assertTrue(items.get(0).get("is_dir").asBoolean());
        assertEquals(1L << 31, items.get(0).get("mode").asLong() & (1L << 31), "Go's ModeDir bit");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "?sort=size                 | zdir/,a.txt,b.txt,C-big.txt",
        "?sort=size&order=desc      | C-big.txt,b.txt,a.txt,zdir/",
        "?sort=name                 | a.txt,b.txt,C-big.txt,zdir/",
        "?sort=name&order=desc      | zdir/,C-big.txt,b.txt,a.txt",
        "?sort=name&limit=2         | a.txt,b.txt",
        "?sort=name&offset=1&limit=2 | b.txt,C-big.txt",
    })
    void browseSortsAndPages(String query, String expected) throws Exception {
        RawClient.Response r = get("browse", "/list/" + query, "Accept: application/json");
        assertEquals(List.of(expected.split(",")), names(new ObjectMapper().readTree(r.body())));
        assertTrue(r.all("Set-Cookie").contains("sort=" + query.replaceAll(".*sort=([a-z]+).*", "$1") + "; HttpOnly; SameSite=Lax"),
                r.all("Set-Cookie").toString());
    }

    @Test
    void browseRemembersTheSortInACookieAndAnswersTextAndHtml() throws Exception {
        RawClient.Response byCookie = get("browse", "/list/", "Accept: application/json", "Cookie: sort=name; order=desc");
        assertEquals(List.of("zdir/", "C-big.txt", "b.txt", "a.txt"), names(new ObjectMapper().readTree(byCookie.body())));
        RawClient.Response text = get("browse", "/list/", "Accept: text/plain");
        assertEquals("text/plain; charset=utf-8", text.header("Content-Type"));
        assertTrue(text.bodyText().startsWith("Name\tSize\tModified\n----\t----\t--------\nzdir/\t"), text.bodyText());
        assertTrue(text.bodyText().contains("C-big.txt\t2.9 KiB\tJanuary 2, 2024 at 03:04:05\n"), text.bodyText());
        RawClient.Response html = get("browse", "/list/", "Accept: text/html");
        assertEquals("text/html; charset=utf-8", html.header("Content-Type"));
        assertTrue(html.bodyText().contains("<a href=\"./C-big.txt\">C-big.txt</a>"), html.bodyText());
        assertFalse(html.bodyText().contains(".secretfile"));
        assertEquals(304, get("browse", "/list/", "If-Modified-Since: " + LAST_MODIFIED).status());
        RawClient.Response noSlash = get("browse", "/list");
        assertEquals(308, noSlash.status());
        assertEquals("/list/", noSlash.header("Location"));
    }

    private static List<String> names(JsonNode items) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("name").asText()));
        return out;
    }

    @Test
    void aLargeFileArrivesExactlyOverHttp11AndHttp10() throws Exception {
        byte[] big = new byte[8 * 1024 * 1024 + 123];
        new java.util.Random(7).nextBytes(big);
        java.nio.file.Files.write(site.root.resolve("big.bin"), big);
        RawClient.Response r11 = get("plain", "/big.bin");
        assertEquals(200, r11.status());
        assertTrue(java.util.Arrays.equals(big, r11.body()), "HTTP/1.1 body differs");
        RawClient.Response r10 = RawClient.exchange(heddle.port(), "GET /big.bin HTTP/1.0\r\nHost: plain\r\n\r\n");
        assertTrue(java.util.Arrays.equals(big, r10.body()), "HTTP/1.0 body differs");
        RawClient.Response part = get("plain", "/big.bin", "Range: bytes=1000000-1000009");
        assertTrue(java.util.Arrays.equals(java.util.Arrays.copyOfRange(big, 1000000, 1000010), part.body()));
        assertEquals(StandardCharsets.UTF_8, StandardCharsets.UTF_8);
    }
}
