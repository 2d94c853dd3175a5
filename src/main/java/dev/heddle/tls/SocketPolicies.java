package dev.heddle.tls;

import java.net.Socket;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Which connection policy each accepted TLS socket's handshake runs under, chosen from its
 * ClientHello before the JDK read it. The key manager (certificate) and the trust manager
 * (client certificate) read it back, so both follow the policy whose parameters the socket got,
 * even when a reload swapped the policies in between. The JDK gives those managers the socket
 * and nothing else of ours; keys are weak, so an entry goes with its socket.
 */
final class SocketPolicies {
    private final Map<Socket, ServerPolicy> chosen = Collections.synchronizedMap(new WeakHashMap<>());

    void record(Socket socket, ServerPolicy policy) {
        chosen.put(socket, policy);
    }

    /** The policy recorded for this socket; null when none was (no policy matched, or not an accepted socket). */
    ServerPolicy of(Socket socket) {
        return socket == null ? null : chosen.get(socket);
    }
}
