package dev.heddle.proxy;

import dev.heddle.http.Exchange;
import dev.heddle.http.matchers.RequestMatcher;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Whether a failed attempt may be tried again, and how long to wait first: Caddy's
 * {@code tryAgain} (reverseproxy.go) as a cascade of guards, plus Heddle's rule that a body
 * already partly sent can never be sent twice, and exponential backoff between attempts.
 *
 * @param retries     extra attempts allowed (0 with a try_duration = as many as fit)
 * @param tryDuration how long to keep trying (nanos; 0 = no time limit)
 * @param tryInterval the first wait (nanos; 0 = none)
 * @param retryMatch  requests whose non-dial failures may be retried; null = GET only
 */
record RetryPolicy(int retries, long tryDuration, long tryInterval, RequestMatcher retryMatch,
                   double multiplier, long maxInterval, double jitter) {

    /** How an attempt failed, as far as retrying is concerned. */
    enum Failure {
        /** No connection was made: nothing reached the upstream. */
        DIAL,
        /** The policy found no available upstream. */
        NO_UPSTREAM,
        /** The request may have reached the upstream (write, read, timeout). */
        AFTER_CONNECT
    }

    static final RetryPolicy NONE = new RetryPolicy(0, 0, 0, null, 1, 0, 0);

    boolean mayRetry(Failure failure, Exchange ex, int retriesDone, long startNanos, RequestBody body) {
        // Nothing configured: one attempt only.
        if (retries == 0 && tryDuration == 0) {
            return false;
        }
        // Out of time, or out of retries (whichever comes first).
        if (tryDuration > 0 && System.nanoTime() - startNanos >= tryDuration) {
            return false;
        }
        if (retries > 0 && retriesDone >= retries) {
            return false;
        }
        // A dial failure sent nothing, and "no upstream" sent nothing either: always safe.
        if (failure == Failure.DIAL || failure == Failure.NO_UPSTREAM) {
            return true;
        }
        // Part of a body that cannot be replayed is gone: a retry would send a different request.
        if (body.touched() && !body.replayable()) {
            return false;
        }
        // The upstream may have acted on it: only idempotent-by-default GET, or what retry_match allows.
        return retryMatch == null ? ex.method().equals("GET") : retryMatch.matches(ex);
    }

    /**
     * The wait before retry number {@code retriesDone + 1}: try_interval × multiplier^n, capped
     * at the maximum, ± jitter, and never past the end of try_duration.
     */
    long backoffNanos(int retriesDone, long startNanos) {
        if (tryInterval == 0) {
            return 0;
        }
        double wait = tryInterval * Math.pow(multiplier, retriesDone);
        if (maxInterval > 0) {
            wait = Math.min(wait, Math.max(maxInterval, tryInterval));
        }
        if (jitter > 0) {
            wait *= 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
        }
        long nanos = (long) wait;
        if (tryDuration > 0) {
            long left = tryDuration - (System.nanoTime() - startNanos);
            nanos = Math.max(0, Math.min(nanos, left));
        }
        return nanos;
    }
}
