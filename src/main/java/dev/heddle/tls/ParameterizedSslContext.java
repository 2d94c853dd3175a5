package dev.heddle.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;

/**
 * An SSLContext whose accepted sockets get the SSLParameters of the connection policy their
 * ClientHello matches. Helidon's blocking listener wraps each accepted socket with
 * {@code getSocketFactory().createSocket(socket, consumed, autoClose)}, then sets only its ALPN
 * selector and starts the handshake (its configured parameters apply on its NIO path only), so
 * the parameters have to come with the context for protocols, cipher suites, curves and client
 * authentication to hold. Here that call first reads the ClientHello ({@link ClientHelloReader}),
 * has the policy chosen from its server name, then gives the JDK the bytes read as consumed.
 * The same wrap bounds the handshake: Helidon sets no read timeout on accepted sockets, so a
 * client that never finishes its ClientHello would hold its thread forever; the socket gets a
 * read timeout until the connection, once it starts, clears it.
 */
final class ParameterizedSslContext {
    /** Which parameters a socket gets. */
    interface Handshakes {
        /** For an accepted socket whose ClientHello asked for {@code serverName} (null: none); records the policy chosen. */
        SSLParameters accepted(SSLSocket socket, String serverName, InetAddress remote);

        /** For sockets and engines made otherwise (Heddle's blocking listeners make none). */
        SSLParameters defaults();

        /** How long the handshake may take, the ClientHello's arrival included. */
        int timeoutMillis();
    }

    private ParameterizedSslContext() {
    }

    static SSLContext wrap(SSLContext base, Handshakes handshakes) {
        return new SSLContext(new Spi(base, handshakes), base.getProvider(), base.getProtocol()) {
        };
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;
        private final Handshakes handshakes;

        Spi(SSLContext base, Handshakes handshakes) {
            this.base = base;
            this.handshakes = handshakes;
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, SecureRandom sr)
                throws KeyManagementException {
            throw new KeyManagementException("already initialized");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Sockets(base.getSocketFactory(), handshakes);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return base.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine e = base.createSSLEngine();
            e.setSSLParameters(handshakes.defaults());
            return e;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine e = base.createSSLEngine(host, port);
            e.setSSLParameters(handshakes.defaults());
            return e;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return base.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return base.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return handshakes.defaults();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return base.getSupportedSSLParameters();
        }
    }

    /** Every socket it makes is given its parameters before its handshake. */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory base;
        private final Handshakes handshakes;

        Sockets(SSLSocketFactory base, Handshakes handshakes) {
            this.base = base;
            this.handshakes = handshakes;
        }

        private Socket configured(Socket s) {
            ((SSLSocket) s).setSSLParameters(handshakes.defaults());
            return s;
        }

        /**
         * How Helidon wraps an accepted connection: the ClientHello is read first (within the
         * handshake's bound, which then goes on for the rest of the handshake) and picks the parameters.
         */
        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            long deadline = System.nanoTime() + handshakes.timeoutMillis() * 1_000_000L;
            InputStream in = consumed == null ? s.getInputStream() : new SequenceInputStream(consumed, s.getInputStream());
            ClientHelloReader.Peeked hello = ClientHelloReader.read(in, s, deadline);
            // The JDK reads these first, then (as it always does) the socket.
            InputStream read = new ByteArrayInputStream(hello.consumed());
            // Closing the TLS socket closes the connection: Helidon asks for autoClose false and then
            // closes only the TLS socket, which left every accepted TCP connection in CLOSE_WAIT.
            SSLSocket tls = (SSLSocket) base.createSocket(s, consumed == null ? read : new SequenceInputStream(read, consumed), true);
            tls.setSSLParameters(handshakes.accepted(tls, hello.serverName(), s.getInetAddress()));
            return tls;
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return configured(base.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return configured(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return configured(base.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return configured(base.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return configured(base.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            String[] suites = handshakes.defaults().getCipherSuites();
            return suites != null ? suites : base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }
    }
}
