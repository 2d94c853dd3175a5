package dev.heddle.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Judges client certificates for {@code client_authentication}, under the connection policy the
 * handshake runs under: with trusted CAs configured (modes verify_if_given, require_and_verify)
 * the chain must lead to one of them; without (request, require) any certificate is taken, as
 * Go's RequestClientCert/RequireAnyClientCert. Whether one is asked for or required is the
 * socket's SSLParameters, set from the same policy.
 */
final class ClientCertTrust extends X509ExtendedTrustManager {
    private final SocketPolicies chosen;
    /** The current policies, for a handshake with no recorded policy (re-matched by Caddy's rule). */
    private final Supplier<List<ServerPolicy>> policies;

    ClientCertTrust(SocketPolicies chosen, Supplier<List<ServerPolicy>> policies) {
        this.chosen = chosen;
        this.policies = policies;
    }

    private void check(X509Certificate[] chain, String authType, ServerPolicy policy) throws CertificateException {
        if (policy == null) {
            throw new CertificateException("no TLS connection policy applies to this handshake");
        }
        if (policy.clientVerifier() != null) {
            policy.clientVerifier().checkClientTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        ServerPolicy policy = chosen.of(socket);
        if (policy == null && socket instanceof SSLSocket s) {
            policy = ServerPolicy.first(policies.get(), SniKeyManager.requestedName(s.getHandshakeSession()), s.getInetAddress());
        }
        check(chain, authType, policy);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        InetAddress remote = null;
        try {
            remote = engine.getPeerHost() == null ? null : InetAddress.getByName(engine.getPeerHost());
        } catch (java.net.UnknownHostException ignored) {
            // no remote address to match on
        }
        check(chain, authType, ServerPolicy.first(policies.get(), SniKeyManager.requestedName(engine.getHandshakeSession()), remote));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a client certificate is judged under its handshake's policy");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a server-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a server-side trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a server-side trust manager");
    }

    /**
     * The CAs named in a CertificateRequest. The JDK asks without saying for which handshake, so
     * these are every current policy's trusted CAs (a hint to the client; the check is per policy).
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        Set<X509Certificate> all = new LinkedHashSet<>();
        for (ServerPolicy p : policies.get()) {
            X509TrustManager v = p.clientVerifier();
            if (v != null) {
                all.addAll(List.of(v.getAcceptedIssuers()));
            }
        }
        return all.toArray(new X509Certificate[0]);
    }
}
