package dev.heddle.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;

/**
 * The client half of one exchange, whatever protocol carries it (DESIGN.md §12): the request
 * body in, and the response out as a head, a body and trailers. Handlers reach it through
 * {@link Exchange} and {@link Response}; only the server's protocol code implements it.
 * Framing, 100 Continue, Date and connection management are the implementation's business.
 */
public interface ClientSide {
    /**
     * The request body as it arrives: an empty stream when the request has none. Its first read
     * sends the client its {@code 100 Continue} when the client asked for one. A broken body
     * (bad chunk framing) fails with a {@link RuntimeException}; a client that went away with
     * an {@link IOException}.
     */
    InputStream requestBody();

    /**
     * Whether a request body comes that no header announces: HTTP/2 frames a body in DATA
     * frames, so one may come without Content-Length (HTTP/1.x bodies are announced by headers).
     */
    default boolean bodyWithoutLength() {
        return false;
    }

    /** The request's trailer fields, once its body has been read to the end; empty before. */
    HeaderList requestTrailers();

    /** Sends a 1xx other than 100 and 101 (e.g. 103 Early Hints) ahead of the final response. */
    void informational(int status, HeaderList fields) throws IOException;

    /**
     * Writes the final status and headers and returns the body stream.
     *
     * @param length    the body's length, or -1 when unknown (chunked, or until close on HTTP/1.0)
     * @param trailers  trailer fields will follow the body (announced in a Trailer field)
     */
    OutputStream startBody(int status, HeaderList headers, long length, boolean trailers) throws IOException;

    /** Writes the final status, headers and the whole body at once (one write where possible). */
    void sendWhole(int status, HeaderList headers, byte[] body, int off, int len) throws IOException;

    /**
     * Writes the final status and headers and {@code count} bytes of a file from
     * {@code position} as the body (Content-Length framing). Implementations that own a socket
     * channel hand the bytes to the kernel ({@link FileChannel#transferTo}); this default copies
     * them through the body stream with one small buffer.
     */
    default void sendFile(int status, HeaderList headers, FileChannel file, long position, long count) throws IOException {
        OutputStream body = startBody(status, headers, count, false);
        FileRegions.copy(file, position, count, body);
        endBody(new HeaderList(0));
    }

    /** Ends a body started with {@link #startBody}, with its trailers (ignored unless announced). */
    void endBody(HeaderList trailers) throws IOException;

    /** The connection closes once this response is complete. */
    void closeAfter();

    /**
     * Sends {@code 101 Switching Protocols} with these fields and hands the connection over:
     * bytes the client already sent after its head come first out of the returned input.
     */
    Takeover switchProtocols(HeaderList fields) throws IOException;

    /** What this connection's TLS negotiated, or null on plain HTTP. */
    default TlsInfo tls() {
        return null;
    }
}
