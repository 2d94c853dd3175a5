package dev.heddle.balance;

import dev.heddle.upstream.Upstream;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Helpers shared by the policies. */
final class Pick {
    private Pick() {
    }

    /** Uniform over available upstreams, one pass (reservoir sampling). */
    static Upstream randomAvailable(List<Upstream> pool) {
        Upstream chosen = null;
        int seen = 0;
        for (Upstream u : pool) {
            if (u.available() && ThreadLocalRandom.current().nextInt(++seen) == 0) {
                chosen = u;
            }
        }
        return chosen;
    }

    /** Fewest in-flight requests among {@code candidates}; ties broken at random. */
    static Upstream leastRequests(List<Upstream> candidates) {
        Upstream best = null;
        int least = Integer.MAX_VALUE;
        int ties = 0;
        for (Upstream u : candidates) {
            if (!u.available()) {
                continue;
            }
            int n = u.inFlight();
            if (n < least) {
                best = u;
                least = n;
                ties = 1;
            } else if (n == least && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = u;
            }
        }
        return best;
    }

    /**
     * Rendezvous (highest random weight) hashing: each upstream scores hash(dial + key) and the
     * highest available wins, so removing an upstream moves only the keys it had.
     * See https://en.wikipedia.org/wiki/Rendezvous_hashing.
     */
    static Upstream rendezvous(List<Upstream> pool, String key) {
        Upstream best = null;
        long bestScore = 0;
        for (Upstream u : pool) {
            if (!u.available()) {
                continue;
            }
            long score = hash(u.dial(), key);
            if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
                best = u;
                bestScore = score;
            }
        }
        return best;
    }

    /** FNV-1a over both strings, then a 64-bit finaliser (murmur3 fmix64) for avalanche. */
    static long hash(String a, String b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : a.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * 0x100000001b3L;
        }
        for (byte x : b.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
