package dev.heddle.server.http1;

import dev.heddle.http.FieldName;
import dev.heddle.http.HeaderList;

/**
 * What the fields of a request head mean for the server: Host, the body's framing (RFC 9112
 * §6), and the connection (Connection, Expect, Upgrade). Read in one pass over the fields;
 * every refusal here is about request smuggling or an unservable request.
 */
final class HeadFields {
    private int hosts;
    private String hostValue = "";
    private long contentLength = -1;
    private int contentLengthLines;
    private boolean contentLengthListed;
    private int teElements;
    private boolean teChunked;
    private boolean close;
    private boolean keepAliveToken;
    private boolean upgradeToken;
    private boolean upgradeField;
    private boolean expectContinue;

    private HeadFields() {
    }

    static RequestHead interpret(RequestLine line, HeaderList headers, int headBytes) {
        HeadFields f = new HeadFields();
        for (HeaderList.Line h : headers.lines()) {
            f.field(h.id(), h.value());
        }
        boolean http11 = line.minorVersion() == 1;
        f.checkHost(http11);
        boolean chunked = f.framing(http11);
        if (f.contentLengthLines > 1 || f.contentLengthListed) {
            // One plain value for everyone after the parser ("5, 5" or two equal lines, as Go keeps it).
            headers.set("Content-Length", Long.toString(f.contentLength));
        }
        String host = line.authority() != null ? line.authority() : f.hostValue;  // RFC 9112 §3.2.2: the target's wins
        boolean keepAlive = http11 ? !f.close : f.keepAliveToken && !f.close;
        // RFC 9110 §7.8: Upgrade is ignored in an HTTP/1.0 request.
        return new RequestHead(line, host, headers, f.contentLength, chunked, keepAlive,
                http11 && f.expectContinue, http11 && f.upgradeToken && f.upgradeField, headBytes);
    }

    /** Dispatches on the name's id, worked out when the field was read: most fields are none of these. */
    private void field(int id, String value) {
        switch (id) {
            case FieldName.HOST -> {
                hosts++;
                hostValue = value;
            }
            case FieldName.EXPECT -> expectContinue |= hasToken(value, "100-continue");
            case FieldName.UPGRADE -> upgradeField |= !value.isEmpty();
            case FieldName.CONNECTION -> {
                close |= hasToken(value, "close");
                keepAliveToken |= hasToken(value, "keep-alive");
                upgradeToken |= hasToken(value, "upgrade");
            }
            case FieldName.CONTENT_LENGTH -> {
                contentLengthLines++;
                contentLengthListed |= value.indexOf(',') >= 0;
                contentLength(value);
            }
            case FieldName.TRANSFER_ENCODING -> transferEncoding(value);
            default -> {
                // not a field the server acts on
            }
        }
    }

    /** RFC 9112 §3.2: an HTTP/1.1 request without Host, or any with two, MUST get a 400. */
    private void checkHost(boolean http11) {
        if (hosts > 1) {
            throw new BadRequestException(400, "The request has more than one Host field.");
        }
        if (hosts == 0 && http11) {
            throw new BadRequestException(400, "An HTTP/1.1 request needs a Host field.");
        }
        if (!RequestLine.validHost(hostValue)) {
            throw new BadRequestException(400, "The Host field is malformed.");
        }
    }

    /** Whether the body is chunked; refuses ambiguous framing (RFC 9112 §6.1, §6.3). */
    private boolean framing(boolean http11) {
        if (teElements == 0) {
            return false;
        }
        if (contentLength >= 0) {
            throw new BadRequestException(400, "The request has both Content-Length and Transfer-Encoding.");
        }
        if (!http11) {
            // RFC 9112 §6.1: Transfer-Encoding in HTTP/1.0 means the framing is faulty
            throw new BadRequestException(400, "An HTTP/1.0 request cannot use Transfer-Encoding.");
        }
        if (teElements != 1 || !teChunked) {
            // exactly "chunked", as Go: other codings, or chunked twice, are not implemented
            throw new BadRequestException(501, "Only the chunked transfer coding is supported.");
        }
        return true;
    }

    /**
     * Each list element is 1 to 18 digits (no sign, no inner space); identical values, on one
     * line or several, collapse into one (RFC 9110 §8.6), differing ones are refused.
     */
    private void contentLength(String value) {
        forEachElement(value, (from, to) -> {
            long length = digits(value, from, to);
            if (contentLength >= 0 && contentLength != length) {
                throw new BadRequestException(400, "The request has conflicting Content-Length values.");
            }
            contentLength = length;
            return false;
        });
    }

    private static long digits(String s, int from, int to) {
        if (to - from < 1 || to - from > 18) {
            throw new BadRequestException(400, "The Content-Length is not a number.");
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRequestException(400, "The Content-Length is not a number.");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Counts the elements over all Transfer-Encoding lines, remembering whether a lone one is chunked. */
    private void transferEncoding(String value) {
        forEachElement(value, (from, to) -> {
            teElements++;
            teChunked = to - from == 7 && value.regionMatches(true, from, "chunked", 0, 7);
            return false;
        });
    }

    /** Whether a comma-separated list holds {@code token} (case-insensitive), elements trimmed. */
    static boolean hasToken(String value, String token) {
        return forEachElement(value,
                (from, to) -> to - from == token.length() && value.regionMatches(true, from, token, 0, to - from));
    }

    /** One element of a comma-separated list, as [from, to) of the value, trimmed; true stops the walk. */
    private interface Element {
        boolean visit(int from, int to);
    }

    /** Walks every element (empty ones too) of a comma-separated list; true when a visit stopped it. */
    private static boolean forEachElement(String value, Element element) {
        int n = value.length();
        int i = 0;
        while (i <= n) {
            int comma = value.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            int from = trimStart(value, i, end);
            if (element.visit(from, trimEnd(value, from, end))) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    private static int trimStart(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return to;
    }
}
