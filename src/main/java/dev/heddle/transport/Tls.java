package dev.heddle.transport;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** The TLS client handshake over an open TCP socket: SNI, hostname verification, a timeout. */
final class Tls {
    private Tls() {
    }

    static SSLSocket handshake(Socket tcp, String host, int port, TlsSettings tls, Duration dialTimeout) throws IOException {
        String name = tls.serverName().isEmpty() ? host : tls.serverName();
        SSLSocket s = (SSLSocket) tls.context().getSocketFactory().createSocket(tcp, name, port, true);
        SSLParameters p = s.getSSLParameters();
        if (!name.matches("[0-9.]+|.*:.*")) {
            p.setServerNames(List.of(new SNIHostName(name)));  // no SNI for IP literals (RFC 6066 §3)
        }
        if (!tls.insecure()) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        p.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(p);
        Duration timeout = tls.handshakeTimeout().isZero() ? dialTimeout : tls.handshakeTimeout();
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        s.startHandshake();
        s.setSoTimeout(0);
        return s;
    }
}
