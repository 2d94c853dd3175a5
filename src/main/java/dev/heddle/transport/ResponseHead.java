package dev.heddle.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed response head and its body framing, read strictly (RFC 9112 §4, §5, §6.3): no
 * obs-fold, no whitespace before a colon, no control characters in values, no request smuggling
 * material such as Content-Length with Transfer-Encoding or two different lengths.
 */
record ResponseHead(int status, String reason, boolean http10, List<HeaderField> headers,
                    Framing framing, long contentLength) {

    /** How the body is delimited. */
    enum Framing { NONE, FIXED, CHUNKED, UNTIL_CLOSE }

    /** Limit on trailer fields (the head's own limit is max_response_header_size). */
    static final int MAX_HEAD = 64 * 1024;

    /** tchar by character (the rule in {@link #isTokenChar}), looked up for every byte of every field name. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '!'; c < 127; c++) {
            TCHAR[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }

    /** Reads one head of at most {@code maxSize} bytes; null when the connection closed before any byte. */
    static ResponseHead read(Http1Connection c, boolean headRequest, int maxSize) throws IOException {
        int[] budget = {maxSize};
        String statusLine = c.readLine(budget);
        if (statusLine == null) {
            return null;
        }
        if (!validStatusLine(statusLine)) {
            throw new Http1Connection.ProtocolException("malformed status line: " + printable(statusLine));
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        List<HeaderField> headers = new ArrayList<>();
        for (HeaderField f; (f = c.readField(budget)) != null; ) {
            headers.add(f);
        }
        boolean http10 = statusLine.startsWith("HTTP/1.0");
        return framed(status, reason, http10, headers, headRequest);
    }

    /**
     * "HTTP/1.x NNN[ reason]" (RFC 9112 §4) with NNN from 100 (a status under 100 would pass
     * for a 1xx and reach the client; Go accepts up to 999), checked without a regex: this
     * runs for every response.
     */
    private static boolean validStatusLine(String s) {
        return s.length() >= 12 && s.startsWith("HTTP/1.") && (s.charAt(7) == '0' || s.charAt(7) == '1')
                && s.charAt(8) == ' ' && s.charAt(9) >= '1' && s.charAt(9) <= '9' && Character.isDigit(s.charAt(10))
                && Character.isDigit(s.charAt(11)) && (s.length() == 12 || s.charAt(12) == ' ');
    }

    private static ResponseHead framed(int status, String reason, boolean http10, List<HeaderField> headers,
                                       boolean headRequest) throws IOException {
        String te = null;
        String cl = null;
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase("Transfer-Encoding")) {
                te = te == null ? h.value() : te + "," + h.value();
            } else if (h.name().equalsIgnoreCase("Content-Length")) {
                cl = sameLength(cl, h.value());
            }
        }
        if (headRequest || status < 200 || status == 204 || status == 304) {  // the status line has >= 100
            return new ResponseHead(status, reason, http10, headers, Framing.NONE, 0);
        }
        if (te != null && cl != null) {
            throw new Http1Connection.ProtocolException("response has both Transfer-Encoding and Content-Length");
        }
        if (te != null) {
            if (!te.trim().equalsIgnoreCase("chunked")) {
                throw new Http1Connection.ProtocolException("unsupported Transfer-Encoding \"" + printable(te) + "\"");
            }
            return new ResponseHead(status, reason, http10, headers, Framing.CHUNKED, -1);
        }
        if (cl != null) {
            long length = Long.parseLong(cl);
            return new ResponseHead(status, reason, http10, headers, length == 0 ? Framing.NONE : Framing.FIXED, length);
        }
        return new ResponseHead(status, reason, http10, headers, Framing.UNTIL_CLOSE, -1);
    }

    /** Repeated Content-Length values (or a list) are fine only when all are the same number. */
    private static String sameLength(String previous, String value) throws IOException {
        String result = previous;
        for (String part : value.split(",", -1)) {
            String v = part.trim();
            if (!digits(v)) {
                throw new Http1Connection.ProtocolException("invalid Content-Length \"" + printable(value) + "\"");
            }
            if (result != null && Long.parseLong(result) != Long.parseLong(v)) {
                throw new Http1Connection.ProtocolException("conflicting Content-Length values");
            }
            result = v;
        }
        return result;
    }

    /** 1 to 18 ASCII digits (no regex: it runs for every response). */
    private static boolean digits(String v) {
        if (v.isEmpty() || v.length() > 18) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static HeaderField field(String line) throws IOException {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);  // head lines are read as ISO-8859-1
        return field(b, 0, b.length);
    }

    /**
     * One field line, {@code b[start, end)} without its line end, checked and cut in place:
     * no obs-fold, a token name right before the colon, no control characters in the value,
     * spaces and tabs around the value dropped (RFC 9112 §5). Two strings, no line string.
     */
    static HeaderField field(byte[] b, int start, int end) throws IOException {
        if (b[start] == ' ' || b[start] == '\t') {
            throw new Http1Connection.ProtocolException("obsolete line folding in the response head");
        }
        int colon = start;
        while (colon < end && b[colon] != ':') {
            colon++;
        }
        if (colon == start || colon == end) {
            throw new Http1Connection.ProtocolException("malformed header line: " + printable(b, start, end));
        }
        for (int i = start; i < colon; i++) {
            if (!isTokenChar((char) (b[i] & 0xFF))) {
                throw new Http1Connection.ProtocolException("invalid header name \"" + printable(b, start, colon) + "\"");
            }
        }
        int from = colon + 1;
        int to = end;
        for (int i = from; i < to; i++) {
            int ch = b[i] & 0xFF;
            if ((ch < 0x20 && ch != '\t') || ch == 0x7F) {
                throw new Http1Connection.ProtocolException("control character in the value of " + printable(b, start, colon));
            }
        }
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        return new HeaderField(new String(b, start, colon - start, StandardCharsets.ISO_8859_1),
                new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private static String printable(byte[] b, int start, int end) {
        return printable(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
    }

    /** RFC 9110 §5.6.2 tchar (server/http1's FieldSection has its own: transport may not import it). */
    private static boolean isTokenChar(char c) {
        return c < 128 && TCHAR[c];
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Whether the connection may carry another exchange after this response. */
    boolean keepAlive() {
        if (framing == Framing.UNTIL_CLOSE || status == 101) {
            return false;
        }
        boolean keepAliveToken = false;
        for (HeaderField h : headers) {
            if (h.name().equalsIgnoreCase("Connection")) {
                String v = h.value();
                // Comma-separated tokens compared in place: this runs for every response.
                for (int start = 0; start <= v.length(); ) {
                    int comma = v.indexOf(',', start);
                    int end = comma < 0 ? v.length() : comma;
                    if (isToken(v, start, end, "close")) {
                        return false;
                    }
                    keepAliveToken |= isToken(v, start, end, "keep-alive");
                    start = end + 1;
                }
            }
        }
        return !http10 || keepAliveToken;
    }

    /** Whether {@code v[start, end)}, without surrounding whitespace, is {@code token} in any case. */
    private static boolean isToken(String v, int start, int end, String token) {
        while (start < end && (v.charAt(start) == ' ' || v.charAt(start) == '\t')) {
            start++;
        }
        while (end > start && (v.charAt(end - 1) == ' ' || v.charAt(end - 1) == '\t')) {
            end--;
        }
        return end - start == token.length() && v.regionMatches(true, start, token, 0, token.length());
    }
}
