package dev.heddle.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.InetAddress;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * Picks the certificate for each handshake as Caddy does: the first connection policy whose
 * matchers fit the ClientHello (the one the socket's parameters came from, {@link SocketPolicies}); then, among the loaded certificates that policy may present,
 * one for the requested name (exact, then wildcard, then the policy's {@code fallback_sni}), or
 * with no name sent, one for the local IP, then {@code default_sni}. No policy or no
 * certificate: the handshake fails (Caddy has no default certificate for unknown names).
 * What it chooses from is swapped whole on reload.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
    private static final System.Logger LOG = System.getLogger("dev.heddle.tls");

    /**
     * The certificates and policies of one config, how to renew the certificates Heddle issued
     * (by alias), and who issues certificates at handshakes (null: nobody).
     */
    record Choices(CertificateStore store, List<ServerPolicy> policies, java.util.Map<String, ManagedCertificate> managed,
                   OnDemandIssuer onDemand) {
        Choices renewed(ServerCertificate old, ServerCertificate fresh) {
            java.util.Map<String, ManagedCertificate> next = new java.util.HashMap<>(managed);
            ManagedCertificate how = next.remove(old == null ? "" : old.alias());
            if (how != null) {
                next.put(fresh.alias(), how);
            }
            return new Choices(store.replacing(old, fresh), policies, java.util.Map.copyOf(next), onDemand);
        }

        Choices adding(ServerCertificate fresh, ManagedCertificate how) {
            java.util.Map<String, ManagedCertificate> next = new java.util.HashMap<>(managed);
            next.put(fresh.alias(), how);
            return new Choices(store.replacing(null, fresh), policies, java.util.Map.copyOf(next), onDemand);
        }
    }

    private final java.util.Set<String> renewing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile Choices current;
    /** The choices before the last swap: a handshake that chose under them may still ask for its chain. */
    private volatile Choices previous;

    private final SocketPolicies chosen;

    SniKeyManager(Choices choices, SocketPolicies chosen) {
        this.current = choices;
        this.previous = choices;
        this.chosen = chosen;
    }

    /** The current connection policies, in order. */
    List<ServerPolicy> policies() {
        return current.policies();
    }

    synchronized void swap(Choices next) {
        previous = current;
        current = next;
    }

    /**
     * A certificate Heddle issued, presented past its renewal point: a new one is issued on a
     * virtual thread and swapped in (this handshake still gets the current one, valid until its
     * end), one renewal at a time per certificate.
     */
    private void renewIfDue(ServerCertificate presented) {
        ManagedCertificate how = current.managed().get(presented.alias());
        if (how == null || !how.due(presented, java.time.Instant.now()) || !renewing.add(presented.alias())) {
            return;
        }
        Thread.ofVirtual().name("heddle-renew " + how.name()).start(() -> {
            try {
                ServerCertificate fresh = how.issue();
                synchronized (this) {
                    swap(current.renewed(presented, fresh));
                }
                LOG.log(System.Logger.Level.INFO, "renewed the certificate for " + how.name() + " (local CA), valid until "
                        + fresh.leaf().getNotAfter().toInstant());
            } catch (java.io.IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "renewing the certificate for " + how.name() + " failed: " + e.getMessage());
            } finally {
                renewing.remove(presented.alias());
            }
        });
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSession handshake = socket instanceof SSLSocket s ? s.getHandshakeSession() : null;
        return choose(keyType, handshake, chosen.of(socket), socket == null ? null : socket.getInetAddress(),
                socket == null ? null : socket.getLocalAddress());
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        InetAddress remote = null;
        try {
            remote = engine.getPeerHost() == null ? null : InetAddress.getByName(engine.getPeerHost());
        } catch (java.net.UnknownHostException ignored) {
            // no remote address to match on
        }
        return choose(keyType, engine.getHandshakeSession(), null, remote, null);
    }

    /**
     * @param recorded the policy chosen from the peeked ClientHello (its parameters are the socket's);
     *                 null: chosen here by the same rule
     */
    private String choose(String keyType, SSLSession handshake, ServerPolicy recorded, InetAddress remote, InetAddress local) {
        String sni = requestedName(handshake);
        Choices c = current;
        ServerPolicy policy = recorded != null ? recorded : ServerPolicy.first(c.policies(), sni, remote);
        if (policy == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "no TLS connection policy for ClientHello with SNI " + sni + " from " + remote);
            return null;
        }
        ServerCertificate chosen;
        if (sni != null) {
            chosen = pick(c.store().find(sni), keyType, policy);
            if (chosen == null && !policy.config().fallbackSni().isEmpty()) {
                chosen = pick(c.store().find(policy.config().fallbackSni()), keyType, policy);
            }
        } else {
            chosen = local == null ? null : pick(c.store().find(local.getHostAddress()), keyType, policy);
            if (chosen == null && !policy.config().defaultSni().isEmpty()) {
                chosen = pick(c.store().find(policy.config().defaultSni()), keyType, policy);
            }
        }
        if (chosen == null && sni != null && c.onDemand() != null) {
            chosen = onDemand(c.onDemand(), sni, keyType, policy);
        }
        if (chosen == null) {
            return null;
        }
        renewIfDue(chosen);
        return chosen.alias();
    }

    /** A certificate issued now for this name (on-demand TLS), kept for the next handshakes; null when none may be. */
    private ServerCertificate onDemand(OnDemandIssuer issuer, String sni, String keyType, ServerPolicy policy) {
        ServerCertificate existing = pick(current.store().find(sni), keyType, policy);  // issued meanwhile by another handshake
        if (existing != null) {
            return existing;
        }
        OnDemandIssuer.Issued issued = issuer.obtain(sni);
        if (issued == null) {
            return null;
        }
        synchronized (this) {
            if (current.store().byAlias(issued.certificate().alias()) == null) {
                swap(current.adding(issued.certificate(), issued.how()));
            }
        }
        return pick(List.of(issued.certificate()), keyType, policy);
    }

    private static ServerCertificate pick(List<ServerCertificate> candidates, String keyType, ServerPolicy policy) {
        for (ServerCertificate cert : candidates) {
            if (cert.servesKeyType(keyType) && cert.selectedBy(policy.config().selection())) {
                return cert;
            }
        }
        return null;
    }

    /** The SNI host name of the handshake, lower-cased; null when none was sent. */
    static String requestedName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    private ServerCertificate byAlias(String alias) {
        ServerCertificate found = current.store().byAlias(alias);
        return found != null ? found : previous.store().byAlias(alias);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        ServerCertificate c = byAlias(alias);
        return c == null ? null : c.chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        ServerCertificate c = byAlias(alias);
        return c == null ? null : c.key();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current.store().all().stream().filter(c -> c.servesKeyType(keyType)).map(ServerCertificate::alias).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
