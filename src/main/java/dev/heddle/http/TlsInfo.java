package dev.heddle.http;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * What a request's TLS connection negotiated, for the {@code {http.request.tls.*}} placeholders:
 * the version as Caddy names it (tls1.2, tls1.3), the cipher suite (IANA names, as Go's), the
 * ALPN protocol, the SNI sent, and the client's certificate chain (empty without one).
 */
public record TlsInfo(String version, String cipherSuite, String alpn, String serverName, List<X509Certificate> clientChain) {

    public static TlsInfo of(SSLSocket socket) {
        SSLSession session = socket.getSession();
        String sni = "";
        if (session instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    sni = h.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        List<X509Certificate> chain = List.of();
        // Without client authentication there is no peer chain: asking would throw (a stack trace per call).
        if (socket.getNeedClientAuth() || socket.getWantClientAuth()) {
            try {
                Certificate[] peer = session.getPeerCertificates();
                chain = java.util.Arrays.stream(peer).filter(c -> c instanceof X509Certificate).map(c -> (X509Certificate) c).toList();
            } catch (SSLPeerUnverifiedException e) {
                // no client certificate
            }
        }
        String alpn = socket.getApplicationProtocol();
        return new TlsInfo(version(session.getProtocol()), session.getCipherSuite(), alpn == null ? "" : alpn, sni, chain);
    }

    private static String version(String jsse) {
        return switch (jsse) {
            case "TLSv1.3" -> "tls1.3";
            case "TLSv1.2" -> "tls1.2";
            case "TLSv1.1" -> "tls1.1";
            case "TLSv1" -> "tls1.0";
            default -> jsse.toLowerCase(Locale.ROOT);
        };
    }
}
