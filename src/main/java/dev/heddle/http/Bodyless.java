package dev.heddle.http;

/**
 * Responses that carry no body whatever the handler wrote (RFC 9110 §6.4.1): to HEAD, and 1xx,
 * 204 and 304. Both client-side protocols frame them alike.
 */
public final class Bodyless {
    private Bodyless() {
    }

    public static boolean response(String method, int status) {
        return method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200);
    }

    /**
     * The Content-Length a whole bodyless response announces, or -1 for none: HEAD keeps the
     * length the body would have had (declared, else the bytes given); 204 and 304 announce none.
     */
    public static long announcedLength(String method, HeaderList headers, int bodyBytes) {
        if (!method.equals("HEAD")) {
            return -1;
        }
        long declared = headers.contentLength();
        return declared >= 0 ? declared : bodyBytes > 0 ? bodyBytes : -1;
    }

    /** The Content-Length a streamed bodyless response announces: HEAD its known {@code length}, others none. */
    public static long announcedLength(String method, long length) {
        return method.equals("HEAD") && length >= 0 ? length : -1;
    }
}
