package dev.heddle.server.http1;

import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PlainSocket;

import java.lang.reflect.Field;
import java.net.Socket;

/**
 * The {@link Socket} under Helidon's plain (non-TLS) connection socket, so that the HTTP/1
 * connection can read and write it directly (no buffer copy per read, no wrapper per write)
 * and half-close it for a lingering close, which Helidon's {@link HelidonSocket} cannot. It is a
 * private field of Helidon 4.5.0's {@link PlainSocket} (pinned by {@code RawSocketTest}); when
 * it is not there, the connection falls back to Helidon's reader and writer (no half-close).
 */
public final class RawSocket {
    private static final Field DELEGATE = find();

    private RawSocket() {
    }

    private static Field find() {
        try {
            Field f = PlainSocket.class.getDeclaredField("delegate");
            f.setAccessible(true);
            return f.getType() == Socket.class ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The socket (an SSLSocket under Helidon's TlsSocket, which extends PlainSocket), or null
     * (a Helidon whose PlainSocket changed, or its NIO sockets).
     */
    public static Socket of(HelidonSocket s) {
        if (DELEGATE == null || (s.getClass() != PlainSocket.class && s.getClass() != io.helidon.common.socket.TlsSocket.class)) {
            return null;
        }
        try {
            return (Socket) DELEGATE.get(s);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    /** Whether this Helidon lets the connection reach its sockets ({@code RawSocketTest} pins it). */
    static boolean available() {
        return DELEGATE != null;
    }
}
