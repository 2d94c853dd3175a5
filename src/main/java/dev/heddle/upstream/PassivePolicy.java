package dev.heddle.upstream;

import java.util.List;

/**
 * A handler's passive health settings (Caddy's health_checks.passive).
 *
 * @param failDuration      how long a failure counts (nanos); 0 = passive counting off
 * @param maxFails          unhealthy while failures in the window reach this [1]
 * @param unhealthyStatus   statuses (or one-digit classes) that count as a failure
 * @param unhealthyLatency  time to response headers that counts as a failure (nanos; 0 = off)
 */
public record PassivePolicy(long failDuration, int maxFails, List<Integer> unhealthyStatus, long unhealthyLatency) {
    public static final PassivePolicy NONE = new PassivePolicy(0, 1, List.of(), 0);

    public boolean counts() {
        return failDuration > 0;
    }

    /** How many failures a completed response counts for (Caddy counts one per matching entry). */
    public int strikes(int status, long latencyNanos) {
        int n = 0;
        for (int s : unhealthyStatus) {
            if (dev.heddle.config.StatusCodes.matches(s, status)) {
                n++;
            }
        }
        if (unhealthyLatency > 0 && latencyNanos >= unhealthyLatency) {
            n++;
        }
        return n;
    }
}
