package dev.heddle.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;

/**
 * An SSLContext whose every socket and engine starts with the given SSLParameters. Helidon's
 * blocking listener wraps each accepted socket with {@code getSocketFactory().createSocket(socket,
 * consumed, autoClose)} and applies none of its configured parameters (only its NIO path does),
 * so the parameters have to come with the context for protocols, cipher suites, curves and
 * client authentication to hold. The same wrap bounds the handshake: Helidon sets no read timeout
 * on accepted sockets, so a client that never finishes its ClientHello would hold its thread
 * forever; the socket gets a read timeout until the connection, once it starts, clears it.
 */
final class ParameterizedSslContext {
    private ParameterizedSslContext() {
    }

    static SSLContext wrap(SSLContext base, SSLParameters parameters, java.util.function.IntSupplier handshakeTimeoutMillis) {
        return new SSLContext(new Spi(base, parameters, handshakeTimeoutMillis), base.getProvider(), base.getProtocol()) {
        };
    }

    private static SSLParameters copy(SSLParameters p) {
        SSLParameters out = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        if (p.getNeedClientAuth()) {
            out.setNeedClientAuth(true);
        } else if (p.getWantClientAuth()) {
            out.setWantClientAuth(true);
        }
        out.setApplicationProtocols(p.getApplicationProtocols());
        if (p.getNamedGroups() != null) {
            out.setNamedGroups(p.getNamedGroups());
        }
        return out;
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext base;
        private final SSLParameters parameters;
        private final java.util.function.IntSupplier handshakeTimeout;

        Spi(SSLContext base, SSLParameters parameters, java.util.function.IntSupplier handshakeTimeout) {
            this.base = base;
            this.parameters = parameters;
            this.handshakeTimeout = handshakeTimeout;
        }

        @Override
        protected void engineInit(javax.net.ssl.KeyManager[] km, javax.net.ssl.TrustManager[] tm, SecureRandom sr)
                throws KeyManagementException {
            throw new KeyManagementException("already initialized");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Sockets(base.getSocketFactory(), parameters, handshakeTimeout);
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return base.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            SSLEngine e = base.createSSLEngine();
            e.setSSLParameters(copy(parameters));
            return e;
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            SSLEngine e = base.createSSLEngine(host, port);
            e.setSSLParameters(copy(parameters));
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
            return copy(parameters);
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return base.getSupportedSSLParameters();
        }
    }

    /** Every socket it makes is given the parameters before its handshake. */
    private static final class Sockets extends SSLSocketFactory {
        private final SSLSocketFactory base;
        private final SSLParameters parameters;
        private final java.util.function.IntSupplier handshakeTimeout;

        Sockets(SSLSocketFactory base, SSLParameters parameters, java.util.function.IntSupplier handshakeTimeout) {
            this.base = base;
            this.parameters = parameters;
            this.handshakeTimeout = handshakeTimeout;
        }

        private Socket configured(Socket s) {
            ((SSLSocket) s).setSSLParameters(copy(parameters));
            return s;
        }

        /** How Helidon wraps an accepted connection: the handshake that follows is bounded. */
        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            s.setSoTimeout(handshakeTimeout.getAsInt());
            return configured(base.createSocket(s, consumed, autoClose));
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
            return parameters.getCipherSuites() != null ? parameters.getCipherSuites() : base.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return base.getSupportedCipherSuites();
        }
    }
}
