package dev.heddle.proxy;

import dev.heddle.balance.SelectionPolicy;
import dev.heddle.config.DialAddress;
import dev.heddle.config.Cidr;
import dev.heddle.http.Exchange;
import dev.heddle.http.Handler;
import dev.heddle.http.HeaderList;
import dev.heddle.http.HeaderOps;
import dev.heddle.http.ResponseHeaderOps;
import dev.heddle.http.Rewrite;
import dev.heddle.http.HandlerException;
import dev.heddle.http.Next;
import dev.heddle.transport.ClientReadException;
import dev.heddle.transport.DialException;
import dev.heddle.transport.HeaderField;
import dev.heddle.transport.Transport;
import dev.heddle.transport.TlsSettings;
import dev.heddle.transport.TransportException;
import dev.heddle.transport.UpstreamRequest;
import dev.heddle.transport.UpstreamResponse;
import dev.heddle.upstream.Upstream;
import dev.heddle.upstream.UpstreamSource;
import dev.heddle.http.AbortConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Caddy's {@code reverse_proxy}. The request is prepared once (hop-by-hop headers stripped,
 * X-Forwarded-* set, the body read ahead if asked); then attempts run until one gets a response
 * or the {@link RetryPolicy} says stop: select an upstream (one not yet tried, when there is
 * one), round-trip, and relay the response. A response, 5xx included, is never retried.
 */
public final class ReverseProxyHandler implements Handler {
    private static final System.Logger LOG = System.getLogger("dev.heddle.proxy");
    /** Request variable holding the upstream's method and target (after the handler's rewrite). */
    private static final String TARGET = "heddle.proxy.target";

    private final List<Upstream> upstreams;
    /** dynamic_upstreams, asked on every attempt (null: the static upstreams only). */
    private final UpstreamSource dynamic;
    /** The source's configured names with placeholders, compiled once (a fixed, small set). */
    private final java.util.Map<String, dev.heddle.http.Template> sourceTemplates = new java.util.concurrent.ConcurrentHashMap<>();
    private final SelectionPolicy policy;
    private final List<Cidr> trustedProxies;
    private final Transport transport;
    private final RetryPolicy retry;
    private final long requestBuffers;
    private final Tunnels tunnels;
    private final java.time.Duration streamTimeout;
    private final int streamBufferSize;
    private final Buffering buffering;
    private final HeaderOps requestOps;
    private final ResponseHeaderOps responseOps;
    private final Rewrite rewrite;
    private final List<HandleResponse> handleResponse;
    private final TlsSettings tls;
    /** Dial addresses spoken to over TLS, decided once: parsing a dial address per request costs a regex. */
    private final java.util.Set<String> tlsDials;

    ReverseProxyHandler(Builder b) {
        this.upstreams = List.copyOf(b.upstreams);
        this.dynamic = b.dynamic;
        this.policy = b.policy;
        this.trustedProxies = b.trustedProxies;
        this.transport = b.transport;
        this.retry = b.retry;
        this.requestBuffers = b.requestBuffers;
        this.tunnels = b.tunnels;
        this.streamTimeout = b.streamTimeout;
        this.streamBufferSize = b.streamBufferSize;
        this.buffering = new Buffering(b.flushInterval, b.responseBuffers);
        this.requestOps = b.requestOps;
        this.responseOps = b.responseOps;
        this.rewrite = b.rewrite;
        this.handleResponse = b.handleResponse;
        this.tls = b.tls;
        java.util.Set<String> dials = new java.util.HashSet<>();
        for (Upstream u : upstreams) {
            if (tls != null && tls.appliesTo(DialAddress.parse(u.dial()))) {
                dials.add(u.dial());
            }
        }
        this.tlsDials = java.util.Set.copyOf(dials);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void handle(Exchange ex, Next next) throws HandlerException {
        long start = System.nanoTime();
        String upgradeType = Upgrade.requested(ex);
        if (upgradeType != null && Upgrade.hasBody(ex)) {
            throw new HandlerException(400, "an Upgrade request must not have a body");
        }
        Upgrade upgrade = upgradeType == null ? null : new Upgrade(upgradeType, tunnels, streamTimeout, streamBufferSize);
        boolean trusted = ex.trustedPeer() || Cidr.anyContains(trustedProxies, ex.remoteAddress());
        List<HeaderField> headers = RequestHeaders.prepare(ex, trusted);
        // The rewrite changes only the copy sent upstream; GET and HEAD carry no body.
        Rewrite.Result target = rewrite == null ? new Rewrite.Result(ex.method(), ex.rawPath(), ex.rawQuery()) : rewrite.apply(ex);
        boolean dropBody = rewrite != null && !target.method().equals(ex.method())
                && (target.method().equals("GET") || target.method().equals("HEAD"));
        RequestBody body = dropBody ? RequestBody.none() : readBody(ex);
        ex.setVar(TARGET, target);
        ProxyPlaceholders placeholders = new ProxyPlaceholders();
        ex.setVar("http.reverse_proxy", placeholders);
        try {
            proxyWithRetries(ex, headers, body, placeholders, start, upgrade, next);
        } finally {
            ex.countBytesRead(body.bytesRead());
        }
    }

    private void proxyWithRetries(Exchange ex, List<HeaderField> headers, RequestBody body, ProxyPlaceholders placeholders,
                                  long start, Upgrade upgrade, Next next) throws HandlerException {
        List<Upstream> tried = new ArrayList<>(2);
        HandlerException lastError = null;
        for (int retriesDone = 0; ; retriesDone++) {
            Upstream upstream = select(ex, tried);
            placeholders.attempt(upstream, retriesDone);
            RetryPolicy.Failure failure;
            if (upstream == null) {
                // With nothing available, an earlier attempt's error says more than a 503.
                lastError = lastError != null ? lastError : new HandlerException(503, "no upstreams available");
                failure = RetryPolicy.Failure.NO_UPSTREAM;
            } else {
                tried.add(upstream);
                try {
                    attempt(ex, upstream, headers, body, placeholders, upgrade, next);
                    return;
                } catch (AttemptFailed f) {
                    lastError = f.error;
                    failure = f.failure;
                }
            }
            if (cancelledByClient() || !retry.mayRetry(failure, ex, retriesDone, start, body)) {
                throw lastError;
            }
            long wait = retry.backoffNanos(retriesDone, start);
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    /** The policy's pick, preferring an upstream this request has not tried yet. */
    private Upstream select(Exchange ex, List<Upstream> tried) {
        List<Upstream> candidates = candidates(ex);
        if (!tried.isEmpty()) {
            List<Upstream> untried = new ArrayList<>(candidates);
            untried.removeAll(tried);
            Upstream fresh = untried.isEmpty() ? null : policy.select(untried, ex);
            if (fresh != null) {
                return fresh;
            }
        }
        return policy.select(candidates, ex);
    }

    /**
     * This attempt's candidates: the dynamic source's current answer, or (as Caddy) the static
     * upstreams when it has none to give; the source logs its failed lookups itself.
     */
    private List<Upstream> candidates(Exchange ex) {
        if (dynamic == null) {
            return upstreams;
        }
        try {
            return dynamic.candidates(text -> text.indexOf('{') < 0 ? text
                    : sourceTemplates.computeIfAbsent(text, dev.heddle.http.Template::compile)
                            .render(ex, dev.heddle.http.Template.Unknown.EMPTY));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "failed getting dynamic upstreams; falling back to static upstreams: " + e.getMessage());
            return upstreams;
        }
    }

    /** The client's request as a gateway transport (FastCGI) needs it. */
    private static dev.heddle.transport.RequestOrigin origin(Exchange ex, Rewrite.Result target) {
        return new dev.heddle.transport.RequestOrigin(dev.heddle.dns.IpText.of(ex.remoteAddress()), ex.remotePort(),
                ex.originalUri(), dev.heddle.http.PathCodec.decode(target.rawPath()), "HTTP/" + ex.protocolVersion(), ex.secure(),
                template -> dev.heddle.http.Template.compile(template).render(ex, dev.heddle.http.Template.Unknown.EMPTY));
    }

    /** One round trip and, when it answers, the relay of its response (never retried after that). */
    private void attempt(Exchange ex, Upstream upstream, List<HeaderField> headers, RequestBody body,
                         ProxyPlaceholders placeholders, Upgrade upgrade, Next next)
            throws AttemptFailed, HandlerException {
        Rewrite.Result target = (Rewrite.Result) ex.var(TARGET);
        String uri = target.rawQuery().isEmpty() ? target.rawPath() : target.rawPath() + "?" + target.rawQuery();
        UpstreamRequest request = new UpstreamRequest(upstream.dial(), target.method(), uri,
                withOps(tlsHost(headers, upstream), ex), body.open(), body.contentLength(),
                transport.sendsProxyHeader() ? new java.net.InetSocketAddress(ex.clientAddress(), ex.remotePort()) : null,
                () -> RequestHeaders.trailers(ex), transport.needsOrigin() ? origin(ex, target) : null);
        upstream.countRequest(1);
        long sent = System.nanoTime();
        try {
            UpstreamResponse response;
            try {
                response = transport.roundTrip(request, (status, fields) -> Informational.relay(ex, status, fields));
            } catch (ClientReadException e) {
                throw clientBodyFailed(ex, upstream, e);  // the client's doing: no mark against the upstream
            } catch (TransportException e) {
                if (cancelledByClient()) {
                    throw new dev.heddle.http.AbortConnection("the client cancelled the request");
                }
                upstream.attemptFailed();
                LOG.log(Level.ERROR, "upstream " + upstream.dial() + ": " + ProxyErrors.action(e) + ": " + e.getMessage()
                        + " (" + ex.method() + " " + ex.rawUri() + ")");
                throw new AttemptFailed(e instanceof DialException ? RetryPolicy.Failure.DIAL : RetryPolicy.Failure.AFTER_CONNECT,
                        new HandlerException(ProxyErrors.status(e), ProxyErrors.action(e) + " (" + upstream.dial() + ")", e));
            }
            upstream.responded(response.status(), System.nanoTime() - sent);
            placeholders.responded(response);
            try {
                respond(ex, response, upstream, upgrade, next);
            } catch (UpstreamAbort e) {
                if (!cancelledByClient()) {
                    upstream.attemptFailed();  // the body broke mid-way: a passive failure, never a retry
                }
                throw e;
            }
        } finally {
            upstream.countRequest(-1);
        }
    }

    /** After a round trip: handle_response (first match wins), or relay the response as it is. */
    private void respond(Exchange ex, UpstreamResponse response, Upstream upstream, Upgrade upgrade, Next next)
            throws HandlerException {
        HandleResponse hit = response.status() == 101 ? null : HandleResponse.first(handleResponse, response);
        if (hit == null) {
            relay(ex, response, upstream, upgrade, 0);
            return;
        }
        if (hit.status() != null) {
            int status;
            try {
                status = Integer.parseInt(hit.status().render(ex, dev.heddle.http.Template.Unknown.EMPTY).trim());
            } catch (NumberFormatException e) {
                response.abandon();
                throw new HandlerException(500, "handle_response: status_code is not a number");
            }
            relay(ex, response, upstream, upgrade, status);
            return;
        }
        // The routes answer (copy_response, static_response...) or fall through to the next handler.
        PendingResponse pending = new PendingResponse(response, upstream.dial(), buffering);
        ex.setVar(PendingResponse.VAR, pending);
        try {
            hit.routes().serve(ex, next, Next.END);
        } finally {
            pending.discard();
        }
    }

    /** The relay; a body that broke before the client saw anything is one passive failure (the response counted as a success). */
    private void relay(Exchange ex, UpstreamResponse response, Upstream upstream, Upgrade upgrade, int status)
            throws HandlerException {
        try {
            ResponseRelay.relay(ex, response, upstream.dial(), upgrade, buffering, responseOps, status);
        } catch (UpstreamBodyError e) {
            if (!cancelledByClient()) {
                upstream.attemptFailed();
            }
            throw e;
        }
    }

    /**
     * The client cancelled this request (an HTTP/2 RST_STREAM interrupts the request's thread,
     * which ends a blocked upstream read): what failed then is not the upstream's doing, so it
     * is neither a passive failure nor retried (Caddy does not count context.Canceled either).
     */
    private static boolean cancelledByClient() {
        return Thread.currentThread().isInterrupted();
    }

    /**
     * To a TLS upstream, Host is the upstream's host:port (current Caddy's transport op, applied
     * before the user's header ops, which may set it otherwise).
     */
    private List<HeaderField> tlsHost(List<HeaderField> headers, Upstream upstream) {
        if (tls == null || !(tlsDials.contains(upstream.dial())
                || (dynamic != null && !upstreams.contains(upstream) && tls.appliesTo(DialAddress.parse(upstream.dial()))))) {
            return headers;
        }
        List<HeaderField> out = new ArrayList<>(headers.size());
        for (HeaderField h : headers) {
            out.add(h.name().equalsIgnoreCase("Host") ? new HeaderField(h.name(), upstream.dial()) : h);
        }
        return out;
    }

    /**
     * The user's request header ops, applied afresh for each attempt (so upstream placeholders
     * name this attempt's upstream) on a copy of the prepared headers.
     */
    private List<HeaderField> withOps(List<HeaderField> prepared, Exchange ex) {
        if (requestOps.isEmpty()) {
            return prepared;
        }
        HeaderList list = new HeaderList(prepared.size() + 4);
        prepared.forEach(h -> list.add(h.name(), h.value()));
        requestOps.apply(list, ex);
        if (list.values("Host").isEmpty()) {
            // Host deleted: the upstream's address stands in, without a default port (as Go's URL host).
            String dial = ((ProxyPlaceholders) ex.var("http.reverse_proxy")).placeholder("upstream.hostport");
            list.add("Host", dial.endsWith(":80") ? dial.substring(0, dial.length() - 3) : dial);
        }
        return list.lines().stream().map(l -> new HeaderField(l.name(), l.value())).toList();
    }

    /**
     * The client's body could not be read. A socket failure means the client went away (499).
     * Anything else is the body's framing refused (a bad chunk line, oversized trailers) or
     * request_body's limit: 400 or 413, and the connection closes, so the unread rest can never
     * be taken for a request.
     */
    private static AbortConnection clientBodyFailed(Exchange ex, Upstream upstream, ClientReadException e) {
        Throwable cause = e.getCause();
        if (cause == null || cause instanceof IOException || cause instanceof UncheckedIOException) {
            return clientGone(ex, upstream, e);
        }
        LOG.log(Level.DEBUG, () -> "request body refused: " + cause);
        if (!ex.responseStarted()) {
            boolean tooLarge = cause instanceof dev.heddle.http.BodyTooLargeException;
            int status = tooLarge ? 413 : 400;
            byte[] body = (tooLarge ? "413 Content Too Large\n" : "400 Bad Request: malformed request body\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.loggedStatus(status);
            ex.client().closeAfter();
            try {
                ex.response().status(status).send(body);
            } catch (RuntimeException ignored) {
                // the client is gone as well
            }
        }
        return new AbortConnection("malformed request body");
    }

    private static AbortConnection clientGone(Exchange ex, Upstream upstream, Exception e) {
        LOG.log(Level.DEBUG, () -> "client went away while sending its request body"
                + (upstream == null ? "" : " to " + upstream.dial()) + ": " + e.getMessage());
        ex.loggedStatus(ProxyErrors.CLIENT_CLOSED);
        return new AbortConnection("client read error");
    }

    private RequestBody readBody(Exchange ex) {
        if (ex.client() == null || !ex.hasRequestBody()) {
            return RequestBody.none();
        }
        try {
            long length = ex.headers().contentLength();
            return RequestBody.of(new LazyBody(ex), length, requestBuffers);
        } catch (IOException | UncheckedIOException e) {
            throw clientGone(ex, null, e);
        }
    }

    /** An attempt that got no response: its error, and whether a retry could be safe. */
    private static final class AttemptFailed extends Exception {
        final RetryPolicy.Failure failure;
        final HandlerException error;

        AttemptFailed(RetryPolicy.Failure failure, HandlerException error) {
            super(error.getMessage(), null, false, false);
            this.failure = failure;
            this.error = error;
        }
    }

    /** What a reverse_proxy is made of, provisioned once per config load. */
    public static final class Builder {
        private List<Upstream> upstreams = List.of();
        private UpstreamSource dynamic;
        private SelectionPolicy policy;
        private List<Cidr> trustedProxies = List.of();
        private Transport transport;
        private RetryPolicy retry = RetryPolicy.NONE;
        private long requestBuffers;
        private Tunnels tunnels = new Tunnels(java.time.Duration.ZERO);
        private java.time.Duration streamTimeout = java.time.Duration.ZERO;
        private int streamBufferSize = 32 * 1024;
        private long flushInterval;
        private long responseBuffers;
        private HeaderOps requestOps = HeaderOps.NONE;
        private ResponseHeaderOps responseOps = ResponseHeaderOps.NONE;
        private Rewrite rewrite;
        private List<HandleResponse> handleResponse = List.of();
        private TlsSettings tls;

        /** The transport's TLS (null for plain HTTP): TLS upstreams get their own host:port as Host. */
        public Builder tlsUpstreams(TlsSettings v) {
            tls = v;
            return this;
        }

        public Builder handleResponse(List<HandleResponse> v) {
            handleResponse = v;
            return this;
        }

        /** The handler's own rewrite (the upstream copy only), or null. */
        public Builder rewrite(Rewrite v) {
            rewrite = v;
            return this;
        }

        /** The handler's headers.request and headers.response. */
        public Builder headerOps(HeaderOps request, ResponseHeaderOps response) {
            requestOps = request;
            responseOps = response;
            return this;
        }

        /** response_buffers: bytes read ahead of the client; -1 = all; 0 = none. */
        public Builder responseBuffers(long bytes) {
            responseBuffers = bytes;
            return this;
        }

        /** Caddy's flush_interval in nanos: negative = after every write, 0 = Caddy's defaults. */
        public Builder flushInterval(long nanos) {
            flushInterval = nanos;
            return this;
        }

        /** Upgraded streams: their registry (closed on retire), stream_timeout, stream_buffer_size. */
        public Builder streams(Tunnels registry, java.time.Duration timeout, int bufferSize) {
            tunnels = registry;
            streamTimeout = timeout;
            streamBufferSize = bufferSize;
            return this;
        }

        public Builder upstreams(List<Upstream> v) {
            upstreams = v;
            return this;
        }

        /** dynamic_upstreams (null for none); the static upstreams are then its fallback. */
        public Builder dynamicUpstreams(UpstreamSource v) {
            dynamic = v;
            return this;
        }

        public Builder policy(SelectionPolicy v) {
            policy = v;
            return this;
        }

        public Builder trustedProxies(List<Cidr> v) {
            trustedProxies = v;
            return this;
        }

        public Builder transport(Transport v) {
            transport = v;
            return this;
        }

        /** Retry settings; {@code retryMatch} null means "GET only" for non-dial failures. */
        public Builder retries(int retries, java.time.Duration tryDuration, java.time.Duration tryInterval,
                               dev.heddle.http.matchers.RequestMatcher retryMatch,
                               double multiplier, java.time.Duration maxInterval, double jitter) {
            retry = new RetryPolicy(retries, tryDuration.toNanos(), tryInterval.toNanos(), retryMatch,
                    multiplier, maxInterval.toNanos(), jitter);
            return this;
        }

        public Builder requestBuffers(long v) {
            requestBuffers = v;
            return this;
        }

        public ReverseProxyHandler build() {
            return new ReverseProxyHandler(this);
        }
    }
}
