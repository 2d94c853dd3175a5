package dev.heddle.transport.fastcgi;

import dev.heddle.transport.HeaderField;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CGI response header block at the start of stdout (RFC 3875 §6): fields up to an empty
 * line (CRLF or LF), bounded like an HTTP response head. {@code Status: 404 Not Found} sets the
 * status (as Caddy, 200 without one, even with a Location) and is not forwarded (Caddy forwards it).
 */
record CgiHead(int status, String reason, List<HeaderField> headers) {
    static CgiHead read(InputStream stdout, int maxBytes) throws IOException {
        List<HeaderField> headers = new ArrayList<>();
        int status = 200;
        String reason = "OK";
        int total = 0;
        while (true) {
            String line = line(stdout, maxBytes - total);
            total += line.length() + 1;
            if (line.isEmpty()) {
                return new CgiHead(status, reason, List.copyOf(headers));
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).chars().anyMatch(c -> c <= ' ' || c >= 0x7F)) {
                throw new Records.ProtocolException("malformed CGI header line: \"" + shorten(line) + "\"");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                String code = value.length() >= 3 ? value.substring(0, 3) : value;
                if (!code.chars().allMatch(Character::isDigit) || code.length() != 3 || code.charAt(0) == '0') {
                    throw new Records.ProtocolException("CGI Status is not an HTTP status: \"" + shorten(value) + "\"");
                }
                status = Integer.parseInt(code);
                reason = value.length() > 4 ? value.substring(4).strip() : "";
                continue;
            }
            headers.add(new HeaderField(dev.heddle.http.HeaderList.canonical(name), value));
        }
    }

    /** One line without its CRLF or LF; the stream ending first is a protocol failure. */
    private static String line(InputStream in, int budget) throws IOException {
        StringBuilder b = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new Records.ProtocolException(b.isEmpty() ? "FastCGI response ended before its headers"
                        : "FastCGI response ended inside its headers");
            }
            if (c == '\n') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) == '\r') {
                    b.setLength(n - 1);
                }
                return b.toString();
            }
            if (b.length() >= budget) {
                throw new Records.ProtocolException("CGI response headers over " + budget + " bytes");
            }
            b.append((char) c);
        }
    }

    private static String shorten(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
