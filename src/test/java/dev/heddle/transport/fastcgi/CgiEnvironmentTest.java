package dev.heddle.transport.fastcgi;

import dev.heddle.config.FastCgiTransportConfig;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.RequestOrigin;
import dev.heddle.transport.UpstreamRequest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The environment rules PHP itself would hide or cannot show (it drops HTTP_PROXY on its own, for one). */
class CgiEnvironmentTest {
    private static FastCgiTransportConfig config(List<String> split) {
        return new FastCgiTransportConfig("/srv/{http.vars.site}", split, false, Map.of(), Duration.ofSeconds(3),
                Duration.ZERO, Duration.ZERO, false, 0, Duration.ofMinutes(2), 0);
    }

    private static Map<String, String> env(String method, String path, List<HeaderField> headers, byte[] body, boolean tls,
                                           List<String> split) throws Exception {
        RequestOrigin origin = new RequestOrigin("::1", 4242, path, path, "HTTP/2.0", tls, t -> t.replace("{http.vars.site}", "site")
                .replace("{http.matchers.file.remainder}", ""));  // as Template.Unknown.EMPTY renders it without a file matcher
        UpstreamRequest r = new UpstreamRequest("unix//x", method, path, headers, body == null ? null : new ByteArrayInputStream(body),
                body == null ? -1 : body.length, null, List::of, origin);
        return CgiEnvironment.build(r, config(split), path, "", body == null ? -1 : body.length);
    }

    @Test
    void aClientsProxyFieldNeverBecomesHttpProxy() throws Exception {
        Map<String, String> env = env("GET", "/a.php", List.of(new HeaderField("Host", "h"), new HeaderField("Proxy", "http://evil"),
                new HeaderField("X-A", "1"), new HeaderField("x-a", "2")), null, false, List.of(".php"));
        assertFalse(env.containsKey("HTTP_PROXY"));
        assertEquals("1, 2", env.get("HTTP_X_A"), "repeated fields joined, names folded");
        assertEquals("h", env.get("HTTP_HOST"));
        assertEquals("::1", env.get("REMOTE_ADDR"));
        assertEquals("/srv/site/a.php", env.get("SCRIPT_FILENAME"), "root placeholders expanded");
    }

    @Test
    void methodsAndTls() throws Exception {
        Map<String, String> head = env("HEAD", "/a.php", List.of(new HeaderField("Host", "h:9")), null, true, List.of(".php"));
        assertEquals("0", head.get("CONTENT_LENGTH"));
        assertEquals("on", head.get("HTTPS"));
        assertEquals("https", head.get("REQUEST_SCHEME"));
        assertEquals("9", head.get("SERVER_PORT"));
        assertEquals("HTTP/2.0", head.get("SERVER_PROTOCOL"));
        Map<String, String> noPort = env("GET", "/a.php", List.of(new HeaderField("Host", "h")), null, true, List.of(".php"));
        assertEquals("443", noPort.get("SERVER_PORT"));
        Map<String, String> delete = env("delete", "/a.php", List.of(new HeaderField("Host", "h")), new byte[] {1, 2}, false, List.of(".php"));
        assertEquals("2", delete.get("CONTENT_LENGTH"));
        assertEquals("application/x-www-form-urlencoded", delete.get("CONTENT_TYPE"));
        assertEquals("2", delete.get("HTTP_CONTENT_LENGTH"));
    }

    @Test
    void withoutSplitPathTheWholePathIsPathInfo() throws Exception {
        Map<String, String> env = env("GET", "/app/x", List.of(new HeaderField("Host", "h")), null, false, List.of());
        assertEquals("", env.get("SCRIPT_NAME"));
        assertEquals("/app/x", env.get("PATH_INFO"));
        assertEquals("", env.get("DOCUMENT_URI"));
        assertEquals("/srv/site", env.get("SCRIPT_FILENAME"));
        assertEquals("/srv/site/app/x", env.get("PATH_TRANSLATED"));
    }

    @Test
    void splitsMatchAsciiCaseInsensitivelyInListOrder() {
        assertEquals(6, CgiEnvironment.splitPos(List.of(".php"), "/a.PhP/x"));
        assertEquals(-1, CgiEnvironment.splitPos(List.of(".php"), "/a.p\u0130p"));
        assertEquals(6, CgiEnvironment.splitPos(List.of(".cgi", ".php"), "/x.cgi/y.php"));
        assertEquals(12, CgiEnvironment.splitPos(List.of(".php", ".cgi"), "/x.cgi/y.php"), "the first split listed wins, not the first in the path");
        assertEquals(0, CgiEnvironment.splitPos(List.of(), "/x"));
    }

    /** A split_path that is not in the path: the whole path is the script, no PATH_INFO. */
    @Test
    void aSplitNotInThePathLeavesTheWholePathAsTheScript() throws Exception {
        Map<String, String> env = env("GET", "/app/x", List.of(new HeaderField("Host", "h")), null, false, List.of(".php"));
        assertEquals("/app/x", env.get("SCRIPT_NAME"));
        assertEquals("", env.get("PATH_INFO"));
        assertEquals("/app/x", env.get("DOCUMENT_URI"));
        assertEquals("/srv/site/app/x", env.get("SCRIPT_FILENAME"));
        assertFalse(env.containsKey("PATH_TRANSLATED"), "only with a PATH_INFO");
    }

    /** An empty body held whole (request_buffers) still declares its length 0, as Caddy's buffered request does. */
    @Test
    void anEmptyBufferedBodyDeclaresZero() throws Exception {
        Map<String, String> env = env("POST", "/a.php", List.of(new HeaderField("Host", "h")), new byte[0], false, List.of(".php"));
        assertEquals("0", env.get("CONTENT_LENGTH"));
        assertEquals("0", env.get("HTTP_CONTENT_LENGTH"));
        Map<String, String> none = env("POST", "/a.php", List.of(new HeaderField("Host", "h")), null, false, List.of(".php"));
        assertEquals("0", none.get("CONTENT_LENGTH"));
        assertFalse(none.containsKey("HTTP_CONTENT_LENGTH"), "no body: no Content-Length field");
    }

    @Test
    void aSplitWithANonAsciiCharacterMatchesOnlyItself() {
        assertEquals(-1, CgiEnvironment.splitPos(List.of(".\u0080"), "/a.\u0080/x"), "a non-ASCII byte never matches (Caddy)");
    }

    /** Caddy's SanitizedPathJoin: cleaned as if rooted, a trailing slash kept except for the root itself. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} + ''{1}''")
    @org.junit.jupiter.params.provider.CsvSource({
        "/srv, /a/b,     /srv/a/b",
        "/srv, /a/,      /srv/a/",
        "/srv, /,        /srv",
        "/srv, a//b/,    /srv/a/b/",
        "/srv, /../x,    /srv/x",
        "/srv, '',       /srv",
    })
    void sanitizedJoin(String root, String path, String joined) {
        assertEquals(joined, CgiEnvironment.sanitizedJoin(root, path));
    }

    /** SERVER_NAME and SERVER_PORT from Host, split as Go's net.SplitHostPort (on its errors: all host, no port). */
    @org.junit.jupiter.params.ParameterizedTest(name = "Host {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "h            | h         | 80",
        "h:8080       | h         | 8080",
        "h:           | h         | 80",
        ":8080        | ''        | 8080",
        "[::1]:8443   | ::1       | 8443",
        "[::1]        | [::1]     | 80",
        "::1          | ::1       | 80",
        "''           | ''        | 80",
    })
    void serverNameAndPortFromHost(String host, String name, String port) throws Exception {
        Map<String, String> env = env("GET", "/a.php", List.of(new HeaderField("Host", host)), null, false, List.of(".php"));
        assertEquals(name, env.get("SERVER_NAME"));
        assertEquals(port, env.get("SERVER_PORT"));
        assertEquals(host, env.get("HTTP_HOST"));
    }

    @Test
    void withoutHostOrContentTypeTheyAreEmpty() throws Exception {
        Map<String, String> env = env("GET", "/a.php", List.of(), null, false, List.of(".php"));
        assertEquals("", env.get("HTTP_HOST"));
        assertEquals("", env.get("SERVER_NAME"));
        assertEquals("", env.get("CONTENT_TYPE"));
    }
}
