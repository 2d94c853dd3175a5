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
        RequestOrigin origin = new RequestOrigin("::1", 4242, path, path, "HTTP/2.0", tls, t -> t.replace("{http.vars.site}", "site"));
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
}
