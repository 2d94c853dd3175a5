package dev.heddle.tls;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A certificate Heddle issues from its local CA for one name and renews while it runs: due when
 * a third of its lifetime is left (CertMagic's default renewal window), as the handshakes that
 * present it notice.
 */
record ManagedCertificate(String name, Duration lifetime, LocalCa ca) {
    ServerCertificate issue() throws IOException {
        return ca.issue(List.of(name), lifetime, List.of());
    }

    boolean due(ServerCertificate current, Instant now) {
        Instant end = current.leaf().getNotAfter().toInstant();
        return now.isAfter(end.minus(lifetime.dividedBy(3)));
    }
}
