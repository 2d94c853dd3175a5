package dev.heddle.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One row per placeholder family, on a fixed request. */
class PlaceholdersTest {
    private static Exchange request() throws Exception {
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        h.add("X-A", "1");
        h.add("X-A", "2");
        h.add("Cookie", "session=abc; theme=dark");
        Exchange ex = Exchange.builder().method("POST").rawPath("/a/b%20c/file.txt").rawQuery("q=1&q=2&x=y")
                .host("www.example.test:8443").headers(h).remote(InetAddress.getByName("192.0.2.7"), 5555).build();
        ex.setVar("role", "admin");
        ex.setVar("http.regexp.id.1", "42");
        return ex;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{http.request.method}           | POST",
        "{http.request.host}             | www.example.test",
        "{http.request.hostport}         | www.example.test:8443",
        "{http.request.port}             | 8443",
        "{http.request.scheme}           | http",
        "{http.request.proto}            | HTTP/1.1",
        "{http.request.uri}              | /a/b%20c/file.txt?q=1&q=2&x=y",
        "{http.request.uri.path}         | /a/b c/file.txt",
        "{http.request.uri.path.1}       | b c",
        "{http.request.uri.path.file}    | file.txt",
        "{http.request.uri.path.file.base} | file",
        "{http.request.uri.path.file.ext}  | .txt",
        "{http.request.uri.path.dir}     | /a/b c/",
        "{http.request.uri.query}        | q=1&q=2&x=y",
        "{http.request.uri.query.q}      | 1,2",
        "{http.request.remote}           | 192.0.2.7:5555",
        "{http.request.remote.host}      | 192.0.2.7",
        "{http.request.remote.port}      | 5555",
        "{http.request.header.X-A}       | 1,2",
        "{http.request.header.Missing}   | ''",
        "{http.request.cookie.theme}     | dark",
        "{http.request.host.labels.0}    | test",
        "{http.request.host.labels.2}    | www",
        "{http.request.orig_method}      | POST",
        "{http.vars.role}                | admin",
        "{http.regexp.id.1}              | 42",
        "{unknown.thing}                 | {unknown.thing}",
        "x\\{literal\\}y                 | x{literal}y",
    })
    void family(String template, String expected) throws Exception {
        assertEquals(expected, Template.compile(template).render(request(), Template.Unknown.KEEP));
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
        assertEquals(base, Placeholders.goBase(path));
        assertEquals(ext, Placeholders.goExt(path));
    }
}
