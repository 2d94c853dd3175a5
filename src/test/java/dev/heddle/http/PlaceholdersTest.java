package dev.heddle.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One row per placeholder family, answered over a real socket; Go's helpers they are made of, as units. */
class PlaceholdersTest {
    private static Exchange request() throws Exception {
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        h.add("X-A", "1");
        h.add("X-A", "2");
        h.add("Cookie", "session=abc; theme=dark");
        return Exchange.builder().method("POST").rawPath("/a/b%20c/file.txt").rawQuery("q=1&q=2&x=y")
                .host("www.example.test:8443").headers(h).remote(InetAddress.getByName("192.0.2.7"), 5555).build();
    }

    /**
     * Every template of the table answered in one response: a static_response whose body is the
     * templates, one per line, for one request sent over a real socket; each row reads its line.
     */
    private static final List<String[]> ROWS = rows(
        "{http.request.method} | POST",
        "{http.request.host} | www.example.test",
        "{http.request.hostport} | www.example.test:8443",
        "{http.request.port} | 8443",
        "{http.request.scheme} | http",
        "{http.request.proto} | HTTP/1.1",
        "{http.request.uri} | /a/b%20c/file.txt?q=1&q=2&x=y",
        "{http.request.uri.path} | /a/b c/file.txt",
        "{http.request.uri.path.1} | b c",
        "{http.request.uri.path.file} | file.txt",
        "{http.request.uri.path.file.base} | file",
        "{http.request.uri.path.file.ext} | .txt",
        "{http.request.uri.path.dir} | /a/b c/",
        "{http.request.uri.query} | q=1&q=2&x=y",
        "{http.request.uri.query.q} | 1,2",
        "{http.request.remote} | 127.0.0.1:$PORT",
        "{http.request.remote.host} | 127.0.0.1",
        "{http.request.remote.port} | $PORT",
        "{http.request.header.X-A} | 1,2",
        "{http.request.header.Missing} | ''",
        "{http.request.cookie.theme} | dark",
        "{http.request.host.labels.0} | test",
        "{http.request.host.labels.2} | www",
        "{http.request.orig_method} | POST",
        "{http.request.proto_name} | HTTP/1.1",
        "{http.request.uri_escaped} | %2Fa%2Fb%2520c%2Ffile.txt%3Fq%3D1%26q%3D2%26x%3Dy",
        "{http.request.uri.path_escaped} | %2Fa%2Fb+c%2Ffile.txt",
        "{http.request.uri.query_escaped} | q%3D1%26q%3D2%26x%3Dy",
        "{http.request.uri.prefixed_query} | ?q=1&q=2&x=y",
        "{http.request.orig_uri.path.file} | file.txt",
        "{http.request.orig_uri.path.dir} | /a/b c/",
        "{http.request.orig_uri.path.1} | b c",
        "{http.request.orig_uri.query} | q=1&q=2&x=y",
        "{http.request.orig_uri.prefixed_query} | ?q=1&q=2&x=y",
        "{http.vars.role} | admin",
        "{http.regexp.id.1} | 42",
        "{unknown.thing} | {unknown.thing}",
        "x\\{literal\\}y | x{literal}y"
    );

    private static Heddle heddle;

    private static List<String[]> rows(String... rows) {
        return Stream.of(rows).map(r -> r.split("\\s*\\|\\s*", 2)).map(r -> new String[] {r[0].strip(), r[1].strip().equals("''") ? "" : r[1].strip()}).toList();
    }

    @BeforeAll
    static void start() throws Exception {
        String body = ROWS.stream().map(r -> r[0]).collect(Collectors.joining("\n"));
        heddle = Heddle.withRoutes("""
                [{"handle": [{"handler": "vars", "role": "admin"}]},
                 {"match": [{"header_regexp": {"X-Id": {"name": "id", "pattern": "^(\\\\d+)$"}}}],
                  "handle": [{"handler": "static_response", "body": %s}]}]
                """.formatted(new ObjectMapper().writeValueAsString(body)));
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    static Stream<Arguments> table() {
        return IntStream.range(0, ROWS.size()).mapToObj(i -> Arguments.of(ROWS.get(i)[0], ROWS.get(i)[1], i));
    }

    /** Each row sends the request itself (so that a mutation test sees which row covers which code) and reads its line. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void family(String template, String expected, int line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), heddle.port())) {
            s.getOutputStream().write(("POST /a/b%20c/file.txt?q=1&q=2&x=y HTTP/1.1\r\nHost: www.example.test:8443\r\n"
                    + "X-A: 1\r\nX-A: 2\r\nCookie: session=abc; theme=dark\r\nX-Id: 42\r\n"
                    + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawClient.Response r = RawClient.read(s.getInputStream(), false);
            assertEquals(200, r.status());
            List<String> answered = List.of(r.bodyText().split("\n", -1));
            assertEquals(ROWS.size(), answered.size(), "one line per template");
            assertEquals(expected.replace("$PORT", String.valueOf(s.getLocalPort())), answered.get(line), template);
        }
    }

    /** One request rewritten by a rewrite handler, then its templates answered over a real socket. */
    private static String afterRewrite(String template) throws Exception {
        try (Heddle h = Heddle.withRoutes("""
                [{"handle": [{"handler": "rewrite", "uri": "/new/x%%2Fy?z=9"},
                             {"handler": "static_response", "body": "%s"}]}]
                """.formatted(template))) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET /old/a%20b?q=1&q=2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals(200, r.status());
            return r.bodyText();
        }
    }

    /** orig_uri is the request as it arrived, whatever a rewrite did; uri is the rewritten one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{http.request.orig_uri}                 | /old/a%20b?q=1&q=2",
        "{http.request.orig_uri.query}           | q=1&q=2",
        "{http.request.orig_uri.prefixed_query}  | ?q=1&q=2",
        "{http.request.orig_uri.path.file}       | a b",
        "{http.request.orig_uri.path.dir}        | /old/",
        "{http.request.orig_uri.path.0}          | old",
        "{http.request.uri}                      | /new/x%2Fy?z=9",
        "{http.request.uri.query}                | z=9",
    })
    void origUriIsTheRequestBeforeTheRewrite(String template, String expected) throws Exception {
        assertEquals(expected, afterRewrite(template), template);
    }

    /**
     * Caddy's {http.request.orig_uri.path} is the original request's URL.Path, decoded, as
     * {http.request.uri.path} is here (row "/a/b c/file.txt" above).
     */
    @org.junit.jupiter.api.Test
    void origUriPathIsDecodedAsUriPathIs() throws Exception {
        assertEquals("/old/a b", afterRewrite("{http.request.orig_uri.path}"));
    }

    /** {system.hostname}: the kernel's host name (Go's os.Hostname, which Caddy uses). */
    @org.junit.jupiter.api.Test
    void systemHostnameIsTheKernelsHostName() throws Exception {
        java.nio.file.Path kernel = java.nio.file.Path.of("/proc/sys/kernel/hostname");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(kernel), "no /proc/sys/kernel/hostname here");
        String expected = java.nio.file.Files.readString(kernel).strip();
        try (Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"static_response\", \"body\": \"[{system.hostname}]\"}]}]")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("[" + expected + "]", r.bodyText());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"{time.now.unix}", "{time.now.unix_ms}", "{time.now.http}", "{env.PATH}"})
    void dynamicFamiliesResolve(String template) throws Exception {
        String v = Template.compile(template).render(request(), Template.Unknown.KEEP);
        assertTrue(!v.isEmpty() && !v.equals(template), template + " -> " + v);
    }

    /** Go's path.Base and path.Ext, which Caddy's file.base and file.ext are made of. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/a/b.tar.gz  | b.tar.gz | .gz",
        "/dir/        | dir      | ''",
        "/            | /        | ''",
        "/.hidden     | .hidden  | .hidden",
        "/a.b/c       | c        | ''",
        "/noext       | noext    | ''",
    })
    void goBaseAndExt(String path, String base, String ext) {
        assertEquals(base, GoPath.base(path));
        assertEquals(ext, GoPath.ext(path));
    }

    /** Go's time.Duration.String, which {http.request.duration} prints. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} ns")
    @CsvSource(delimiter = '|', value = {
        "0              | 0s",
        "850            | 850ns",
        "1500           | 1.5µs",
        "2000001        | 2.000001ms",
        "1500000000     | 1.5s",
        "90500000000    | 1m30.5s",
        "7200000000000  | 2h0m0s",
    })
    void goDurations(long nanos, String printed) {
        assertEquals(printed, GoText.duration(nanos));
    }

    @org.junit.jupiter.api.Test
    void uuidIsOnePerRequestAndDurationGrows() throws Exception {
        Exchange ex = request();
        String id = Template.compile("{http.request.uuid}").render(ex, Template.Unknown.KEEP);
        assertEquals(true, id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        assertEquals(id, Template.compile("{http.request.uuid}").render(ex, Template.Unknown.KEEP), "the same all through the request");
        assertEquals(false, id.equals(Template.compile("{http.request.uuid}").render(request(), Template.Unknown.KEEP)));
        assertEquals(true, Double.parseDouble(Template.compile("{http.request.duration_ms}").render(ex, Template.Unknown.KEEP)) >= 0);
    }
}
