package dev.heddle.upstream;

/**
 * Makes one handler's {@link Upstream} for a dial address: the shared host, the shared active
 * checker, the handler's passive policy and breaker; released when no longer offered. Dynamic
 * sources lease an upstream per address they return, static ones once per load.
 */
@FunctionalInterface
public interface UpstreamFactory {
    Lease lease(String dial);

    /** An upstream and the one call that gives back everything acquired for it. */
    record Lease(Upstream upstream, Runnable release) {
    }
}
