package dev.heddle.dns;

/** One SRV answer (RFC 2782); {@code target} without the root's trailing dot. */
public record SrvRecord(int priority, int weight, int port, String target) {
}
