package dev.heddle.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Reads an accepted connection's ClientHello before the JDK does, so that the connection policy
 * (and with it the TLS versions, cipher suites, curves and client authentication) can be chosen
 * from its server name, as Caddy chooses per ClientHello. What it read is handed to the JDK's
 * socket as already consumed. Bounded: at most two handshake records (2 × (5 + 16 KiB)), all of
 * it within the handshake deadline. Anything that is not a ClientHello stops the reading; the
 * JDK then fails the handshake on those bytes as it would have.
 */
final class ClientHelloReader {
    /** RFC 8446 §5.1: a plaintext record holds at most 2^14 bytes. */
    private static final int MAX_RECORD = 16384;
    /** A ClientHello split over more records (rare: a very large key share) is passed on with no server name read. */
    private static final int MAX_RECORDS = 2;
    private static final int HANDSHAKE = 22;
    private static final int CLIENT_HELLO = 1;

    /**
     * @param consumed   the bytes read, to hand to the JDK
     * @param serverName the SNI host name, lower-cased; null when none was sent or it could not be read
     */
    record Peeked(byte[] consumed, String serverName) {
    }

    private ClientHelloReader() {
    }

    /**
     * @param timeouts the socket under {@code in}: its read timeout is set to what is left until {@code deadlineNanos}
     * @throws SocketTimeoutException when the ClientHello has not arrived by the deadline
     */
    static Peeked read(InputStream in, Socket timeouts, long deadlineNanos) throws IOException {
        ByteArrayOutputStream consumed = new ByteArrayOutputStream(1024);
        ByteArrayOutputStream handshake = new ByteArrayOutputStream(1024);
        for (int record = 0; record < MAX_RECORDS; record++) {
            byte[] header = readUpTo(in, 5, timeouts, deadlineNanos);
            consumed.writeBytes(header);
            if (header.length < 5 || header[0] != HANDSHAKE || header[1] != 3) {
                break;
            }
            int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
            if (length == 0 || length > MAX_RECORD) {
                break;
            }
            byte[] body = readUpTo(in, length, timeouts, deadlineNanos);
            consumed.writeBytes(body);
            handshake.writeBytes(body);
            if (body.length < length || complete(handshake.toByteArray())) {
                break;
            }
        }
        return new Peeked(consumed.toByteArray(), SniExtension.serverName(handshake.toByteArray()));
    }

    /** Whether the handshake bytes hold a whole message (or are not a ClientHello, so there is nothing more to wait for). */
    private static boolean complete(byte[] h) {
        if (h.length < 4) {
            return false;
        }
        int length = ((h[1] & 0xFF) << 16) | ((h[2] & 0xFF) << 8) | (h[3] & 0xFF);
        return h[0] != CLIENT_HELLO || h.length >= 4 + length;
    }

    /** Up to {@code n} bytes, fewer only at the end of the stream; each read waits at most until the deadline. */
    private static byte[] readUpTo(InputStream in, int n, Socket timeouts, long deadlineNanos) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("no whole ClientHello within the handshake timeout");
            }
            timeouts.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
            int r = in.read(out, got, n - got);
            if (r < 0) {
                return java.util.Arrays.copyOf(out, got);
            }
            got += r;
        }
        return out;
    }
}
