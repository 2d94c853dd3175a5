package dev.heddle.health;

import dev.heddle.config.DialAddress;
import dev.heddle.config.HealthChecksConfig;
import dev.heddle.config.StatusCodes;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.Transport;
import dev.heddle.transport.TransportException;
import dev.heddle.transport.UpstreamRequest;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.upstream.HealthView;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The active health of one upstream under one check definition (Caddy's health_checks.active).
 * Shared through the registry by every handler with the same {@link Key}, so the upstream is
 * probed once per interval however many routes use it, and a different check never overrides
 * this one's view (the bug Caddy fixed in PR #7916).
 *
 * <p>Lifecycle: {@link #start} schedules ticks (the first at once); each tick runs one check on
 * a virtual thread unless the previous one is still running; {@link #close} cancels the ticks,
 * interrupts a running check (whose result is then not counted) and closes the transport.
 * Upstreams start healthy. Consecutive passes and fails reset each other.
 */
public final class ActiveHealthCheck implements HealthView, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.heddle.health");
    private static final int MAX_REDIRECTS = 10;

    /**
     * What makes two checks the same: the address, the check's definition, and the transport's
     * definition as configured ({@code transportConfig}). The {@code transport} factory (over an
     * SSLContext, a resolver: objects made anew at every load, with no value equality) makes the checks' transport; it is
     * carried along but is not part of the identity, or no two handlers and no two loads would
     * ever share a checker (a dead TLS upstream came back healthy at every reload).
     */
    public record Key(String dial, HealthChecksConfig.Active check, dev.heddle.config.TransportConfig transportConfig,
                      java.util.function.Function<java.time.Duration, Transport> transport) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && dial.equals(k.dial) && check.equals(k.check)
                    && java.util.Objects.equals(transportConfig, k.transportConfig);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(dial, check, transportConfig);
        }
    }

    private final Key key;
    private final HealthChecksConfig.Active check;
    private final Pattern expectBody;
    private final Transport transport;
    private final String target;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean healthy = true;
    private volatile boolean closed;
    private volatile Thread current;
    private int passes;
    private int fails;
    private ScheduledFuture<?> ticks;

    private ActiveHealthCheck(Key key) {
        this.key = key;
        this.check = key.check();
        this.expectBody = check.expectBodyPattern();
        // Checks go through a transport with the proxy's own settings, but the check's timeout.
        this.transport = key.transport().apply(check.timeout());
        this.target = targetOf(key.dial(), check);
    }

    /** Creates and starts the checker for a key (the registry calls this for the first user). */
    public static ActiveHealthCheck start(Key key) {
        ActiveHealthCheck c = new ActiveHealthCheck(key);
        c.ticks = HealthScheduler.every(key.check().interval(), c::tick);
        return c;
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    private void tick() {
        if (closed || !running.compareAndSet(false, true)) {
            return;  // the previous check of this upstream is still running: never pile them up
        }
        Thread.ofVirtual().name("heddle-health " + key.dial()).start(() -> {
            current = Thread.currentThread();
            try {
                String failure = probe();
                if (!closed && !Thread.currentThread().isInterrupted()) {
                    record(failure);
                }
            } finally {
                current = null;
                running.set(false);
            }
        });
    }

    /** One check; null when it passed, else why it failed. */
    private String probe() {
        long deadline = System.nanoTime() + check.timeout().toNanos();
        String path = check.uri();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            try (UpstreamResponse res = transport.roundTrip(request(path))) {
                int status = res.status();
                String location = res.header("Location");
                if (check.followRedirects() && status >= 300 && status < 400 && location != null) {
                    path = sameHostPath(location);
                    if (path == null) {
                        return "redirected to another host: " + location;
                    }
                    drain(res.body(), deadline);
                    continue;
                }
                if (!statusOk(status)) {
                    return "status " + status;
                }
                if (expectBody != null) {
                    String body = read(res.body(), deadline);
                    if (!expectBody.matcher(body).find()) {
                        return "body does not match " + expectBody.pattern() + ": \""
                                + (body.length() > 60 ? body.substring(0, 60) + "..." : body) + "\"";
                    }
                }
                drain(res.body(), deadline);
                return null;
            } catch (TransportException e) {
                return e.getMessage();
            } catch (IOException e) {
                return "reading the body failed: " + e.getMessage();
            }
        }
        return "too many redirects";
    }

    private UpstreamRequest request(String path) {
        List<HeaderField> headers = new ArrayList<>();
        boolean hostSet = false;
        for (Map.Entry<String, List<String>> h : check.headers().entrySet()) {
            hostSet |= h.getKey().equalsIgnoreCase("Host");
            for (String v : h.getValue()) {
                headers.add(new HeaderField(h.getKey(), v));
            }
        }
        if (!hostSet) {
            // Caddy checks unix-socket upstreams with Host: localhost.
            headers.add(0, new HeaderField("Host", DialAddress.parse(target).unixPath() != null ? "localhost" : target));
        }
        byte[] body = check.body().getBytes(StandardCharsets.UTF_8);
        return new UpstreamRequest(target, check.method(), path, headers,
                body.length == 0 ? null : new ByteArrayInputStream(body), body.length, null);
    }

    private void record(String failure) {
        if (failure == null) {
            fails = 0;
            if (++passes >= check.passes() && !healthy) {
                healthy = true;
                LOG.log(Level.INFO, "upstream up: " + key.dial() + " (passed " + passes + " health checks of " + check.uri() + ")");
            }
            return;
        }
        passes = 0;
        if (++fails >= check.fails() && healthy) {
            healthy = false;
            LOG.log(Level.WARNING, "upstream down: " + key.dial() + " (health check " + check.method() + " " + check.uri()
                    + " on " + target + ": " + failure + ")");
        }
    }

    private boolean statusOk(int status) {
        int want = check.expectStatus();
        return StatusCodes.matches(want == 0 ? 2 : want, status);  // unset: any 2xx (current Caddy)
    }

    private String read(InputStream in, long deadline) throws IOException {
        long limit = check.maxSize() > 0 ? check.maxSize() : Long.MAX_VALUE;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while (out.size() < limit && (n = in.read(buf, 0, (int) Math.min(buf.length, limit - out.size()))) > 0) {
            out.write(buf, 0, n);
            overdue(deadline);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in, long deadline) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) > 0) {
            overdue(deadline);
        }
    }

    private static void overdue(long deadline) throws IOException {
        if (System.nanoTime() > deadline) {
            throw new IOException("health check timed out");
        }
    }

    /** host:port the check goes to: the upstream, its host on another port, or another upstream. */
    private static String targetOf(String dial, HealthChecksConfig.Active check) {
        if (!check.upstream().isEmpty()) {
            return check.upstream();
        }
        DialAddress a = DialAddress.parse(dial);
        if (check.port() == 0 || a.unixPath() != null) {
            return dial;
        }
        return new DialAddress(a.host(), check.port()).toString();
    }

    /** A redirect target on the same upstream, as a path; null when it leaves the upstream. */
    private String sameHostPath(String location) {
        if (location.startsWith("/")) {
            return location;
        }
        for (String scheme : List.of("http://", "https://")) {
            String prefix = scheme + target;
            if (location.startsWith(prefix)) {
                String rest = location.substring(prefix.length());
                return rest.isEmpty() ? "/" : rest;
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
        Thread t = current;
        if (t != null) {
            t.interrupt();
        }
        transport.close();
    }

    @Override
    public String toString() {
        return "health check of " + key.dial() + " (" + check.uri() + ")";
    }
}
