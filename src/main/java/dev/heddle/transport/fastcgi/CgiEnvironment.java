package dev.heddle.transport.fastcgi;

import dev.heddle.config.FastCgiTransportConfig;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.RequestOrigin;
import dev.heddle.transport.UpstreamRequest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CGI/1.1 environment exactly as Caddy's fastcgi transport builds it ({@code buildEnv},
 * caddy-reference-2.md §B.2): the script split from PATH_INFO at the first configured
 * {@code split_path} (ASCII case-insensitive; a non-ASCII byte never matches), the original
 * REQUEST_URI, the direct peer as REMOTE_ADDR, SERVER_NAME/PORT from Host, the configured
 * {@code env} (placeholders expanded), then every request field as HTTP_* (the client's
 * {@code Proxy} field left out: HTTPoxy).
 */
final class CgiEnvironment {
    static final String SOFTWARE = "Heddle/" + version();

    private CgiEnvironment() {
    }

    /**
     * @param path          the request path after rewrites, percent-decoded
     * @param contentLength the body's length for CONTENT_LENGTH (GET and other methods), or -1
     */
    static Map<String, String> build(UpstreamRequest request, FastCgiTransportConfig config, String path, String query,
                                     long contentLength) throws IOException {
        RequestOrigin origin = request.origin();
        String root = root(config, origin);
        String scriptName = path;
        String docUri = path;
        String pathInfo = "";
        int split = splitPos(config.splitPath(), path);
        if (split > -1) {
            docUri = path.substring(0, split);
            pathInfo = path.substring(split);
            scriptName = scriptName.substring(0, scriptName.length() - pathInfo.length());
        }
        if (pathInfo.isEmpty() && origin != null) {
            // what a file matcher with split_path cut off before a rewrite to the script (php_fastcgi's shape)
            pathInfo = origin.placeholders().apply("{http.matchers.file.remainder}");
        }
        String scriptFilename = sanitizedJoin(root, scriptName);
        if (!scriptName.isEmpty() && !scriptName.startsWith("/")) {
            scriptName = "/" + scriptName;
        }
        String host = field(request.headers(), "Host");
        String scheme = origin != null && origin.tls() ? "https" : "http";
        String[] hostPort = splitHostPort(host);
        String method = request.method();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTH_TYPE", "");
        String declared = request.body() != null && contentLength >= 0 ? Long.toString(contentLength) : "";
        env.put("CONTENT_LENGTH", declared);
        env.put("CONTENT_TYPE", field(request.headers(), "Content-Type"));
        env.put("GATEWAY_INTERFACE", "CGI/1.1");
        env.put("PATH_INFO", pathInfo);
        env.put("QUERY_STRING", query);
        env.put("REMOTE_ADDR", origin == null ? "" : origin.remoteIp());
        env.put("REMOTE_HOST", origin == null ? "" : origin.remoteIp());
        env.put("REMOTE_PORT", origin == null ? "" : Integer.toString(origin.remotePort()));
        env.put("REMOTE_IDENT", "");
        env.put("REMOTE_USER", "");
        env.put("REQUEST_METHOD", method);
        env.put("REQUEST_SCHEME", scheme);
        env.put("SERVER_NAME", hostPort[0]);
        env.put("SERVER_PROTOCOL", origin == null ? "HTTP/1.1" : origin.protocol());
        env.put("SERVER_SOFTWARE", SOFTWARE);
        env.put("DOCUMENT_ROOT", root);
        env.put("DOCUMENT_URI", docUri);
        env.put("HTTP_HOST", host);
        env.put("REQUEST_URI", origin == null ? request.target() : origin.requestUri());
        env.put("SCRIPT_FILENAME", scriptFilename);
        env.put("SCRIPT_NAME", scriptName);
        if (!pathInfo.isEmpty()) {
            env.put("PATH_TRANSLATED", sanitizedJoin(root, pathInfo));
        }
        env.put("SERVER_PORT", !hostPort[1].isEmpty() ? hostPort[1] : scheme.equals("https") ? "443" : "80");
        if (scheme.equals("https")) {
            env.put("HTTPS", "on");
        }
        for (Map.Entry<String, String> e : config.env().entrySet()) {
            env.put(e.getKey(), origin == null ? e.getValue() : origin.placeholders().apply(e.getValue()));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (HeaderField h : request.headers()) {
            String name = h.name();
            if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Proxy")) {
                continue;  // Host is HTTP_HOST above; a client's Proxy must never become HTTP_PROXY
            }
            String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            fields.merge(key, h.value(), (a, b) -> a + ", " + b);
        }
        if (!declared.isEmpty()) {
            fields.putIfAbsent("HTTP_CONTENT_LENGTH", declared);
        }
        env.putAll(fields);
        // The client's methods (Caddy's client.go): HEAD and OPTIONS send no body; others than GET
        // default their type to a form.
        switch (method) {
            case "HEAD", "OPTIONS" -> env.put("CONTENT_LENGTH", "0");
            case "GET" -> env.put("CONTENT_LENGTH", Long.toString(request.body() == null ? 0 : contentLength));
            default -> {
                env.put("CONTENT_LENGTH", Long.toString(request.body() == null ? 0 : contentLength));
                if (env.get("CONTENT_TYPE").isEmpty()) {
                    env.put("CONTENT_TYPE", "application/x-www-form-urlencoded");
                }
            }
        }
        return env;
    }

    /** Where the script name ends: after the first configured split (in list order) found in the path; 0 with none configured. */
    static int splitPos(List<String> splits, String path) {
        if (splits.isEmpty()) {
            return 0;
        }
        for (String split : splits) {
            int i = indexFoldAscii(path, split);
            if (i > -1) {
                return i + split.length();
            }
        }
        return -1;
    }

    /** ASCII case-insensitive indexOf of a lower-case needle; a character past ASCII never matches. */
    private static int indexFoldAscii(String s, String lowerNeedle) {
        int n = lowerNeedle.length();
        outer:
        for (int i = 0; i + n <= s.length(); i++) {
            for (int j = 0; j < n; j++) {
                char c = s.charAt(i + j);
                if (c >= 0x80) {
                    continue outer;  // Unicode folding (e.g. the Kelvin sign) must not turn into ASCII
                }
                if (Character.toLowerCase(c) != lowerNeedle.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The root with placeholders expanded ("." when empty), made absolute, symlinks resolved when configured. */
    private static String root(FastCgiTransportConfig config, RequestOrigin origin) throws IOException {
        String text = origin == null ? config.root().replace("{http.vars.root}", "") : origin.placeholders().apply(config.root());
        Path root = Path.of(text.isEmpty() ? "." : text).toAbsolutePath().normalize();
        if (config.resolveRootSymlink()) {
            root = root.toRealPath();
        }
        return root.toString();
    }

    /** Caddy's SanitizedPathJoin: the path cleaned as if rooted (no climbing out), under the root; a trailing slash kept. */
    static String sanitizedJoin(String root, String path) {
        String rel = Path.of("/" + path).normalize().toString().substring(1);
        String joined = rel.isEmpty() ? root : Path.of(root).resolve(rel).toString();
        if (path.endsWith("/") && path.length() > 1 && !joined.endsWith("/")) {
            joined += "/";
        }
        return joined;
    }

    /**
     * Go's net.SplitHostPort as Caddy's buildEnv uses it: "h:p", "[v6]:p" and ":p" split into
     * host and port; on Go's errors (no port, "[v6]" alone, more than one colon outside
     * brackets) the whole value is the host and there is no port.
     */
    static String[] splitHostPort(String host) {
        int colon = host.lastIndexOf(':');
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            if (end > 0 && colon == end + 1) {
                return new String[] {host.substring(1, end), host.substring(colon + 1)};
            }
            return new String[] {host, ""};
        }
        if (colon < 0 || host.indexOf(':') != colon) {
            return new String[] {host, ""};
        }
        return new String[] {host.substring(0, colon), host.substring(colon + 1)};
    }

    /** The first value of a request field, "" when there is none (Go's Header.Get). */
    private static String field(List<HeaderField> headers, String name) {
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return "";
    }

    private static String version() {
        String v = CgiEnvironment.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
