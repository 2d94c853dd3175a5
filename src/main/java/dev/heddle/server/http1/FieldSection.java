package dev.heddle.server.http1;

import dev.heddle.http.FieldName;
import dev.heddle.http.HeaderList;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A field section: the header fields of a request head or the trailer fields after the last
 * chunk, read up to and including the empty line that ends it (RFC 9112 §5, §7.1.2). Strict
 * where RFC 9112 lets a server choose: no obs-fold, no whitespace before the colon, no control
 * character but HTAB in a value. Strings are ISO-8859-1 decodings, so bytes above 0x7F
 * survive byte for byte.
 */
final class FieldSection {
    /** RFC 9110 §5.6.2 tchar, indexed by byte value. */
    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private FieldSection() {
    }

    static boolean isTchar(byte b) {
        return TCHAR[b & 0xFF];
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /**
     * Reads field lines into {@code out} until the empty line; the bytes consumed. More than
     * {@code budget} bytes or {@code maxCount} fields is a 431; EOF before the empty line an
     * EOFException. {@code section} names it in messages ("request head", "trailer section").
     */
    static int read(ClientInput in, HeaderList out, int budget, int maxCount, String section) throws IOException {
        int used = 0;
        int count = 0;
        while (true) {
            int lf = in.lineEnd(budget - used - 1);
            if (lf == ClientInput.TOO_LONG) {
                throw new BadRequestException(431, "The " + section + " is too large.");
            }
            if (lf == ClientInput.EOF) {
                throw new EOFException("client closed the connection in the middle of the " + section);
            }
            int start = in.pos;
            int end = lf > start && in.buf[lf - 1] == '\r' ? lf - 1 : lf;  // CRLF, or a bare LF as Go accepts
            used += lf + 1 - start;
            in.pos = lf + 1;
            if (end == start) {
                return used;
            }
            if (++count > maxCount) {
                throw new BadRequestException(431, "The " + section + " has too many fields.");
            }
            out.lines().add(line(in.buf, start, end));
        }
    }

    /** {@code name ":" OWS value OWS} from the bytes of one line without its line end. */
    static HeaderList.Line line(byte[] b, int from, int to) {
        if (isWhitespace(b[from])) {
            // obs-fold (RFC 9112 §5.2 lets a server reject it; Go unfolds). Also covers
            // whitespace between the start line and the first field (RFC 9112 §2.2).
            throw new BadRequestException(400, "Folded header lines are not accepted.");
        }
        int colon = from;
        while (colon < to && TCHAR[b[colon] & 0xFF]) {
            colon++;
        }
        if (colon == from || colon == to || b[colon] != ':') {
            // also whitespace before the colon (RFC 9112 §5.1: MUST reject with 400)
            throw new BadRequestException(400, "A header field name is malformed.");
        }
        int vs = colon + 1;
        int ve = to;
        while (vs < ve && isWhitespace(b[vs])) {
            vs++;
        }
        while (ve > vs && isWhitespace(b[ve - 1])) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            int c = b[i] & 0xFF;
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                // NUL, CR, LF and the other CTLs (RFC 9110 §5.5); a bare CR ends up here too
                throw new BadRequestException(400, "A header field value contains a control character.");
            }
        }
        int id = FieldName.id(b, from, colon);
        // A well-known name spelled the usual way costs no string of its own.
        String name = id != FieldName.UNKNOWN && FieldName.spelledAsListed(id, b, from)
                ? FieldName.spelling(id) : latin1(b, from, colon);
        return new HeaderList.Line(name, latin1(b, vs, ve), id);
    }

    static String latin1(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
