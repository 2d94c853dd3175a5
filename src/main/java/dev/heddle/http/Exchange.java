package dev.heddle.http;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One request as Heddle's handlers and matchers see it: the request line, headers and peer,
 * per-request variables, and the {@link Response} to write to, over the protocol-neutral
 * {@link ClientSide}. Built once per request by the server; unit tests build it from plain
 * values through {@link #builder()}.
 */
public final class Exchange {
    private String method;
    private String rawPath;
    private String rawQuery;
    private final String originalMethod;
    private final String originalUri;
    private final String originalRawPath;
    private final String originalRawQuery;
    private final String host;
    private String hostname;
    private final HeaderList headers;
    private final InetAddress remoteAddress;
    private final int remotePort;
    private final InetAddress localAddress;
    private final int localPort;
    private final long startNanos = System.nanoTime();
    private final boolean secure;
    /** What the TLS connection negotiated; null on plain HTTP. */
    private final TlsInfo tls;
    private final String protocolVersion;
    private final boolean trustedPeer;
    private final InetAddress clientAddress;
    private final ClientSide client;
    private final Response response;

    private String path;
    private Map<String, Object> vars;
    private Set<Object> claimedGroups;
    private HandlerException error;
    private int loggedStatus;
    private boolean streaming;
    private boolean hijacked;
    private long bytesRead;
    private String clientError;
    private java.util.function.UnaryOperator<java.io.InputStream> bodyFilter;
    private java.util.List<PlaceholderSource> lateSources;

    private Exchange(Builder b) {
        this.method = b.method;
        this.rawPath = b.rawPath;
        this.rawQuery = b.rawQuery;
        this.originalMethod = b.method;
        this.originalRawPath = b.rawPath;
        this.originalRawQuery = b.rawQuery;
        this.originalUri = b.rawQuery.isEmpty() ? b.rawPath : b.rawPath + "?" + b.rawQuery;
        this.host = b.host;
        this.headers = b.headers;
        this.remoteAddress = b.remoteAddress;
        this.remotePort = b.remotePort;
        this.localAddress = b.localAddress;
        this.localPort = b.localPort;
        this.secure = b.secure;
        this.tls = b.tls;
        this.protocolVersion = b.protocolVersion;
        this.trustedPeer = b.trustedPeer;
        this.clientAddress = b.clientAddress == null ? b.remoteAddress : b.clientAddress;
        this.client = b.client;
        this.response = b.client == null ? null : new Response(b.client);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Upper-case method as received, e.g. {@code GET}. */
    public String method() {
        return method;
    }

    /** The path as received, still percent-encoded (never an absolute-form target). */
    public String rawPath() {
        return rawPath;
    }

    /** The path percent-decoded, for matching. */
    public String path() {
        if (path == null) {
            path = PathCodec.decode(rawPath);
        }
        return path;
    }

    /** The query as received, without '?'; empty when there is none. */
    public String rawQuery() {
        return rawQuery;
    }

    /** The request as the rewrite handler leaves it (the originals stay for {http.request.orig_*}). */
    public void rewrite(String newMethod, String newRawPath, String newRawQuery) {
        this.method = newMethod;
        this.rawPath = newRawPath;
        this.rawQuery = newRawQuery == null ? "" : newRawQuery;
        this.path = null;
    }

    /** Undoes rewrites of the method and URI (before the server's error routes, as Caddy does). */
    public void restoreOriginalRequest() {
        rewrite(originalMethod, originalRawPath, originalRawQuery);
    }

    public String originalMethod() {
        return originalMethod;
    }

    /** The path as received, percent-decoded (Caddy's original request's URL.Path). */
    public String originalPath() {
        return PathCodec.decode(originalRawPath);
    }

    public String originalUri() {
        return originalUri;
    }

    /** Path plus '?query' as received: what goes upstream. */
    public String rawUri() {
        return rawQuery.isEmpty() ? rawPath : rawPath + "?" + rawQuery;
    }

    /** The request's Host (authority), with its port when the client sent one. */
    public String host() {
        return host;
    }

    /** The host without its port, lower-cased (IPv6 without brackets). */
    public String hostname() {
        if (hostname == null) {
            hostname = HostPort.hostOf(host).toLowerCase(java.util.Locale.ROOT);  // every host matcher asks
        }
        return hostname;
    }

    /** The request's header fields; the headers handler edits them in place for later handlers. */
    public HeaderList headers() {
        return headers;
    }

    /** The request headers as later handlers will see them (the headers handler changes them through this). */
    public HeaderStore writableHeaders() {
        return headers;
    }

    /** The first value of a request field, or null. */
    public String header(String name) {
        return headers.first(name);
    }

    /** The direct peer's address. */
    public InetAddress remoteAddress() {
        return remoteAddress;
    }

    public int remotePort() {
        return remotePort;
    }

    /** The listener's address the request came in on; null in unit tests. */
    public InetAddress localAddress() {
        return localAddress;
    }

    public int localPort() {
        return localPort;
    }

    /** When the exchange began ({@code {http.request.duration}}). */
    public long startNanos() {
        return startNanos;
    }

    /** True when the direct peer is in the server's trusted_proxies. */
    public boolean trustedPeer() {
        return trustedPeer;
    }

    /** The client's address: the direct peer, or what a trusted proxy said it forwarded for. */
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The TLS connection's negotiated parameters, or null on plain HTTP. */
    public TlsInfo tls() {
        return tls;
    }

    public boolean secure() {
        return secure;
    }

    public String scheme() {
        return secure ? "https" : "http";
    }

    /** "1.0", "1.1" or "2.0". */
    public String protocolVersion() {
        return protocolVersion;
    }

    /** The client connection's side of this exchange; null in unit tests of pure logic. */
    public ClientSide client() {
        return client;
    }

    /** Whether the request has a body: chunked, a Content-Length above 0, or HTTP/2 DATA frames without a length. */
    public boolean hasRequestBody() {
        return headers.contains("Transfer-Encoding") || headers.contentLength() > 0
                || (client != null && headers.contentLength() < 0 && client.bodyWithoutLength());
    }

    /** The request body (through the filters handlers added); read it once. */
    public java.io.InputStream requestBody() {
        java.io.InputStream in = client.requestBody();
        return bodyFilter == null ? in : bodyFilter.apply(in);
    }

    /** Wraps the request body for the handlers after this one (request_body's max_size). */
    public void filterRequestBody(java.util.function.UnaryOperator<java.io.InputStream> filter) {
        java.util.function.UnaryOperator<java.io.InputStream> before = bodyFilter;
        bodyFilter = before == null ? filter : in -> filter.apply(before.apply(in));
    }

    /**
     * Placeholders a handler adds for the rest of the request (the {@code map} handler's
     * destinations), asked with the full key after every built-in one.
     */
    public void addPlaceholders(PlaceholderSource source) {
        if (lateSources == null) {
            lateSources = new java.util.ArrayList<>(2);
        }
        lateSources.add(source);
    }

    /** The value an added placeholder source gives for the full key, or null. */
    String addedPlaceholder(String key) {
        if (lateSources != null) {
            for (PlaceholderSource s : lateSources) {
                String v = s.placeholder(key);
                if (v != null) {
                    return v;
                }
            }
        }
        return null;
    }

    /** The response to write; null in unit tests of pure logic. */
    public Response response() {
        return response;
    }

    public Object var(String name) {
        return vars == null ? null : vars.get(name);
    }

    public void setVar(String name, Object value) {
        if (vars == null) {
            vars = new HashMap<>();
        }
        vars.put(name, value);
    }

    /**
     * Claims a route group for this request: true the first time, false once a route of the
     * same group has already run (Caddy's "only the first matching route of a group").
     */
    public boolean claimGroup(Object groupKey) {
        if (claimedGroups == null) {
            claimedGroups = new HashSet<>();
        }
        return claimedGroups.add(groupKey);
    }

    /** The error being handled, inside error routes; null otherwise. */
    public HandlerException error() {
        return error;
    }

    void error(HandlerException e) {
        this.error = e;
    }

    /** The response as a stream (it counts as started from here on). */
    public java.io.OutputStream responseStream() {
        streaming = true;
        return response.outputStream();
    }

    /** The connection was taken over (an upgrade): no response may be written any more. */
    public void hijacked() {
        hijacked = true;
    }

    /** Whether any part of the response has been committed to the client. */
    public boolean responseStarted() {
        return streaming || hijacked || (response != null && response.isSent());
    }

    /** Request body bytes read from the client so far (for the access log). */
    public long bytesRead() {
        return bytesRead;
    }

    public void countBytesRead(long n) {
        bytesRead += n;
    }

    /** Response body bytes handed to the client (the access log's "size"). */
    public long bodyBytesSent() {
        return response == null ? 0 : response.bodyBytesSent();
    }

    /** Why the client connection failed mid-response, or null (for the access log). */
    public String clientError() {
        return clientError;
    }

    public void clientError(String error) {
        this.clientError = error;
    }

    /** The status for the access log (499 when the client went away). */
    public int loggedStatus() {
        return loggedStatus;
    }

    public void loggedStatus(int status) {
        this.loggedStatus = status;
    }

    /** Fields of a request; the server fills them from the wire, tests from plain values. */
    public static final class Builder {
        private String method = "GET";
        private String rawPath = "/";
        private String rawQuery = "";
        private String host = "";
        private HeaderList headers;
        private InetAddress remoteAddress = InetAddress.getLoopbackAddress();
        private int remotePort;
        private InetAddress localAddress;
        private int localPort;
        private boolean secure;
        private TlsInfo tls;
        private String protocolVersion = "1.1";
        private boolean trustedPeer;
        private InetAddress clientAddress;
        private ClientSide client;

        public Builder method(String v) {
            method = v;
            return this;
        }

        public Builder rawPath(String v) {
            rawPath = v;
            return this;
        }

        public Builder rawQuery(String v) {
            rawQuery = v == null ? "" : v;
            return this;
        }

        public Builder host(String v) {
            host = v == null ? "" : v;
            return this;
        }

        public Builder headers(HeaderList v) {
            headers = v;
            return this;
        }

        public Builder remote(InetAddress address, int port) {
            remoteAddress = address;
            remotePort = port;
            return this;
        }

        public Builder local(InetAddress address, int port) {
            localAddress = address;
            localPort = port;
            return this;
        }

        public Builder tls(TlsInfo v) {
            tls = v;
            return this;
        }

        public Builder secure(boolean v) {
            secure = v;
            return this;
        }

        public Builder protocolVersion(String v) {
            protocolVersion = v;
            return this;
        }

        public Builder trustedPeer(boolean v) {
            trustedPeer = v;
            return this;
        }

        public Builder clientAddress(InetAddress v) {
            clientAddress = v;
            return this;
        }

        public Builder client(ClientSide v) {
            client = v;
            return this;
        }

        public Exchange build() {
            if (headers == null) {
                headers = new HeaderList();
            }
            return new Exchange(this);
        }
    }
}
