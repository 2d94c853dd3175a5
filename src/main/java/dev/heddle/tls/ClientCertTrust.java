package dev.heddle.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Judges client certificates for {@code client_authentication}: with trusted CAs configured
 * (modes verify_if_given, require_and_verify) the chain must lead to one of them; without
 * (request, require) any certificate is taken, as Go's RequestClientCert/RequireAnyClientCert.
 * Whether one is asked for or required is the listener's SSLParameters. The verifier is
 * swapped on reload.
 */
final class ClientCertTrust extends X509ExtendedTrustManager {
    private volatile X509TrustManager verifier;

    ClientCertTrust(X509TrustManager verifier) {
        this.verifier = verifier;
    }

    void swap(X509TrustManager next) {
        verifier = next;
    }

    private void check(X509Certificate[] chain, String authType) throws CertificateException {
        X509TrustManager v = verifier;
        if (v != null) {
            v.checkClientTrusted(chain, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, authType);
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

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        X509TrustManager v = verifier;
        return v == null ? new X509Certificate[0] : v.getAcceptedIssuers();
    }
}
