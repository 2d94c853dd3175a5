package dev.heddle.tls;

import dev.heddle.config.TlsAppConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On-demand TLS: a name no certificate covers gets one from the local CA at its first handshake,
 * when the first automation policy covering it has {@code on_demand}, and the permission
 * endpoint (if any) answers 2xx to {@code ?domain=NAME}, as Caddy's {@code http} permission
 * module. The handshake waits for it; concurrent handshakes for one name share one issuance.
 * Caddy needs no permission when the only issuer is internal, and neither does Heddle; beyond
 * Caddy, at most {@link #MAX_CERTIFICATES} names are issued per loaded config, so a flood of
 * made-up names cannot fill the memory.
 */
final class OnDemandIssuer {
    private static final System.Logger LOG = System.getLogger("dev.heddle.tls");
    static final int MAX_CERTIFICATES = 10_000;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

    /** A certificate issued at a handshake and how to renew it. */
    record Issued(ServerCertificate certificate, ManagedCertificate how) {
    }

    private final TlsAppConfig app;
    private final ConcurrentHashMap<String, CompletableFuture<Issued>> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();
    private volatile HttpClient http;

    private OnDemandIssuer(TlsAppConfig app) {
        this.app = app;
    }

    /**
     * Null when no automation policy is on demand. The local CA is opened now (made on first
     * use), so that a data directory it cannot use fails the load, not a handshake.
     */
    static OnDemandIssuer of(TlsAppConfig app) throws dev.heddle.config.ConfigException {
        if (app.automation().stream().noneMatch(TlsAppConfig.AutomationPolicy::onDemand)) {
            return null;
        }
        try {
            LocalCa.shared(LocalCa.dataDir(), app.localCaName());
        } catch (IOException e) {
            throw new dev.heddle.config.ConfigException("apps.pki", "cannot open the local CA under " + LocalCa.dataDir()
                    + " for on-demand TLS: " + e.getMessage());
        }
        return new OnDemandIssuer(app);
    }

    /** Whether a name's certificate waits for its first handshake instead of being issued at load. */
    static boolean onDemand(TlsAppConfig app, String name) {
        TlsAppConfig.AutomationPolicy p = app.policyFor(name);
        return p != null && p.onDemand();
    }

    /** The certificate for a name at its handshake, or null (not on demand, not permitted, failed). */
    Issued obtain(String name) {
        TlsAppConfig.AutomationPolicy policy = app.policyFor(name);
        if (policy == null || !policy.onDemand()) {
            return null;
        }
        CompletableFuture<Issued> mine = new CompletableFuture<>();
        CompletableFuture<Issued> running = inFlight.putIfAbsent(name, mine);
        if (running != null) {
            try {
                return running.get(ASK_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        Issued result = null;
        try {
            result = issue(name, policy);
            return result;
        } finally {
            mine.complete(result);
            inFlight.remove(name, mine);
        }
    }

    private Issued issue(String name, TlsAppConfig.AutomationPolicy policy) {
        if (app.onDemandPermission() != null && !permitted(name)) {
            return null;
        }
        if (issued.incrementAndGet() > MAX_CERTIFICATES) {
            issued.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "on-demand TLS: " + MAX_CERTIFICATES + " certificates issued under this config;"
                    + " not issuing one for " + name + " (set a permission endpoint to choose the names)");
            return null;
        }
        try {
            ManagedCertificate how = new ManagedCertificate(name, policy.lifetime(), LocalCa.shared(LocalCa.dataDir(), app.localCaName()));
            ServerCertificate cert = how.issue();
            LOG.log(System.Logger.Level.INFO, "on-demand TLS: issued a certificate for " + name + " (local CA), valid until "
                    + cert.leaf().getNotAfter().toInstant());
            return new Issued(cert, how);
        } catch (IOException | RuntimeException e) {
            issued.decrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "on-demand TLS: issuing a certificate for " + name + " failed: " + e.getMessage());
            return null;
        }
    }

    /** Caddy's http permission: GET endpoint?domain=NAME, allowed on 2xx; any failure is a no. */
    private boolean permitted(String name) {
        String endpoint = app.onDemandPermission();
        URI uri = URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + "domain="
                + URLEncoder.encode(name, StandardCharsets.UTF_8));
        try {
            HttpResponse<Void> r = client().send(HttpRequest.newBuilder(uri).timeout(ASK_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                return true;
            }
            LOG.log(System.Logger.Level.INFO, "on-demand TLS: " + endpoint + " did not permit " + name + " (" + r.statusCode() + ")");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "on-demand TLS: asking " + endpoint + " about " + name + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private HttpClient client() {
        HttpClient c = http;
        if (c == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(ASK_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                c = http;
            }
        }
        return c;
    }
}
