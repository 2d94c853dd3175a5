package dev.heddle.transport;

/**
 * A reverse_proxy transport (Caddy's {@code transport} module slot): {@code http} or
 * {@code fastcgi}. The proxy and the active health checker only round-trip requests through it;
 * failures are the sealed {@link TransportException}s, so retries, passive health and the
 * breaker never know which transport ran. Closing it closes its idle connections.
 */
public interface Transport extends AutoCloseable {
    /** A round trip that hands 1xx responses other than 100 and 101 to {@code informational} as they come. */
    UpstreamResponse roundTrip(UpstreamRequest request, Informational informational) throws TransportException;

    default UpstreamResponse roundTrip(UpstreamRequest request) throws TransportException {
        return roundTrip(request, Informational.IGNORE);
    }

    /** Whether new connections start with a PROXY protocol header (requests must then name their client). */
    default boolean sendsProxyHeader() {
        return false;
    }

    /** Whether requests must carry a {@link RequestOrigin} (a gateway protocol such as FastCGI needs one; HTTP does not). */
    default boolean needsOrigin() {
        return false;
    }

    @Override
    void close();
}
