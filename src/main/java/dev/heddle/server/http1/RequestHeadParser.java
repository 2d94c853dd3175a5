package dev.heddle.server.http1;

import dev.heddle.http.HeaderList;

import java.io.EOFException;
import java.io.IOException;

/**
 * Reads one request head from a connection (RFC 9112 §2 to §6, with Go net/http's choices
 * where the RFC leaves one, and stricter where noted in {@link FieldSection} and
 * {@link RequestLine}). Consumes exactly the head: the body and any pipelined request stay
 * buffered in the {@link ClientInput}. Holds only its limits, so one parser serves every
 * connection of a listener.
 */
public final class RequestHeadParser {
    private final int maxRequestLineBytes;
    private final int maxHeaderBytes;
    private final int maxHeaderCount;

    /**
     * @param maxRequestLineBytes longest request line (without its line end), else 414
     * @param maxHeaderBytes      longest head, line ends and leading empty lines included, else 431
     * @param maxHeaderCount      most header fields (Integer.MAX_VALUE: no limit), else 431
     */
    public RequestHeadParser(int maxRequestLineBytes, int maxHeaderBytes, int maxHeaderCount) {
        this.maxRequestLineBytes = maxRequestLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxHeaderCount = maxHeaderCount;
    }

    /**
     * The next head; null when the connection ended before any byte of a request (closed
     * while idle). A refused head is a {@link BadRequestException}, EOF inside one an
     * {@link EOFException}.
     */
    public RequestHead parse(ClientInput in) throws IOException {
        int used = 0;
        while (true) {
            int headRoom = maxHeaderBytes - used - 1;  // -1: the LF
            boolean lineBound = maxRequestLineBytes < headRoom;
            int lf = in.lineEnd(lineBound ? maxRequestLineBytes + 1 : headRoom);  // +1: a CR before the LF
            if (lf == ClientInput.EOF) {
                if (in.buffered() == 0) {
                    return null;
                }
                throw new EOFException("client closed the connection in the middle of the request line");
            }
            if (lf == ClientInput.TOO_LONG) {
                throw lineBound ? requestLineTooLong() : headTooLarge();
            }
            int start = in.pos;
            int end = lf > start && in.buf[lf - 1] == '\r' ? lf - 1 : lf;  // CRLF, or a bare LF as Go accepts
            used += lf + 1 - start;
            if (end > start) {
                if (end - start > maxRequestLineBytes) {
                    throw requestLineTooLong();
                }
                RequestLine line = RequestLine.parse(in.buf, start, end);
                in.pos = lf + 1;
                HeaderList headers = new HeaderList(16);  // a browser's request fits without growing
                used += FieldSection.read(in, headers, maxHeaderBytes - used, maxHeaderCount, "request head");
                return HeadFields.interpret(line, headers, used);
            }
            in.pos = lf + 1;  // RFC 9112 §2.2: empty lines before the request line are ignored
        }
    }

    private static BadRequestException requestLineTooLong() {
        return new BadRequestException(414, "The request line is too long.");
    }

    private static BadRequestException headTooLarge() {
        return new BadRequestException(431, "The request head is too large.");
    }
}
