package dev.heddle.server.http1;

import dev.heddle.http.HeaderList;

/**
 * One parsed request head (RFC 9112 §3, §5, §6). Everything is decided at parse time, so the
 * accessors are plain reads. {@link #headers()} is the request's own list, not a copy: it is
 * handed to the exchange that edits it, and the framing values here do not follow such edits.
 */
public final class RequestHead {
    private final RequestLine line;
    private final String host;
    private final HeaderList headers;
    private final long contentLength;
    private final boolean chunked;
    private final boolean keepAlive;
    private final boolean expectContinue;
    private final boolean upgradeRequested;
    private final int headBytes;

    RequestHead(RequestLine line, String host, HeaderList headers, long contentLength, boolean chunked,
                boolean keepAlive, boolean expectContinue, boolean upgradeRequested, int headBytes) {
        this.line = line;
        this.host = host;
        this.headers = headers;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
        this.expectContinue = expectContinue;
        this.upgradeRequested = upgradeRequested;
        this.headBytes = headBytes;
    }

    public String method() {
        return line.method();
    }

    /** The request-target as received (ISO-8859-1, so bytes above 0x7F round-trip). */
    public String target() {
        return line.target();
    }

    /** 0 or 1: HTTP/1.2 to HTTP/1.9 are served as HTTP/1.1, as Go does. */
    public int minorVersion() {
        return line.minorVersion();
    }

    /** The path, percent-encoded ("*" for {@code OPTIONS *}, "" for CONNECT's authority-form). */
    public String rawPath() {
        return line.rawPath();
    }

    /** The query without its '?', "" when none; bytes above 0x7F as received. */
    public String rawQuery() {
        return line.rawQuery();
    }

    /** The authority: an absolute-form (or CONNECT) target's, else the Host field's, else "". */
    public String host() {
        return host;
    }

    public HeaderList headers() {
        return headers;
    }

    /** -1 when the request has no Content-Length. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public boolean hasBody() {
        return chunked || contentLength > 0;
    }

    /** Whether the connection may carry another request after this one (RFC 9112 §9.3). */
    public boolean keepAlive() {
        return keepAlive;
    }

    /** An {@code Expect: 100-continue} in an HTTP/1.1 request (RFC 9110 §10.1.1: ignored in HTTP/1.0). */
    public boolean expectContinue() {
        return expectContinue;
    }

    /** A {@code Connection: upgrade} token with an Upgrade field (RFC 9110 §7.8). */
    public boolean upgradeRequested() {
        return upgradeRequested;
    }

    /** Bytes the head took on the wire: leading empty lines, request line, fields and the empty line. */
    public int headBytes() {
        return headBytes;
    }

    @Override
    public String toString() {
        return line.method() + " " + line.target() + " HTTP/1." + line.minorVersion();
    }
}
