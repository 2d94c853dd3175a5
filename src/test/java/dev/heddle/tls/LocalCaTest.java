package dev.heddle.tls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local CA: made once, reused across restarts, its intermediate renewed at a fifth of its life left, leaves chained to it. */
class LocalCaTest {
    private Path data;

    @BeforeEach
    void dir() throws Exception {
        Files.createDirectories(Path.of("target"));
        data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "localca");
    }

    @AfterEach
    void clean() throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    @Test
    void theRootAndIntermediateSurviveARestart() throws Exception {
        Clock now = Clock.fixed(Instant.parse("2026-12-02T00:00:00Z"), ZoneOffset.UTC);
        LocalCa first = LocalCa.open(data, "local", "Heddle Local Authority", now);
        LocalCa second = LocalCa.open(data, "local", "Heddle Local Authority", now);
        assertEquals(first.rootFingerprint(), second.rootFingerprint(), "the same root after a restart");
        assertEquals(first.intermediate().getSerialNumber(), second.intermediate().getSerialNumber(), "the same intermediate");
        assertEquals("CN=Heddle Local Authority - 2026 ECC Root", first.root().getSubjectX500Principal().getName());
        Path dir = data.resolve("pki/authorities/local");
        for (String f : List.of("root.crt", "root.key", "intermediate.crt", "intermediate.key")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("root.key"))));
        assertEquals(Duration.ofDays(7).toMillis(), first.intermediate().getNotAfter().getTime() - first.intermediate().getNotBefore().getTime()
                - 60_000, "a 7-day intermediate (issued a minute back-dated)");
    }

    @Test
    void theIntermediateIsRenewedWhenAFifthOfItsLifeIsLeft() throws Exception {
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        LocalCa ca = LocalCa.open(data, "local", "Heddle Local Authority", Clock.fixed(start, ZoneOffset.UTC));
        X509Certificate before = ca.intermediate();
        // 5.5 days in: more than a fifth (1.4 days) left, kept. 5.7 days in: less, renewed on the next open.
        LocalCa later = LocalCa.open(data, "local", "Heddle Local Authority", Clock.fixed(start.plus(Duration.ofHours(132)), ZoneOffset.UTC));
        assertEquals(before.getSerialNumber(), later.intermediate().getSerialNumber());
        LocalCa renewed = LocalCa.open(data, "local", "Heddle Local Authority", Clock.fixed(start.plus(Duration.ofHours(137)), ZoneOffset.UTC));
        assertNotEquals(before.getSerialNumber(), renewed.intermediate().getSerialNumber(), "renewed");
        assertEquals(ca.rootFingerprint(), renewed.rootFingerprint(), "by the same root");
        renewed.intermediate().verify(renewed.root().getPublicKey());
    }

    @Test
    void leavesChainToTheRootAndNeverOutliveTheIntermediate() throws Exception {
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        LocalCa ca = LocalCa.open(data, "local", "Heddle Local Authority", Clock.fixed(start, ZoneOffset.UTC));
        ServerCertificate leaf = ca.issue(List.of("app.localhost", "127.0.0.1"), Duration.ofHours(12), List.of());
        assertEquals(2, leaf.chain().length, "the leaf and the intermediate");
        leaf.chain()[0].verify(ca.intermediate().getPublicKey());
        assertTrue(leaf.names().contains("app.localhost") && leaf.names().contains("127.0.0.1"), leaf.names().toString());
        assertEquals(Duration.ofHours(12).toMillis() + 60_000, leaf.chain()[0].getNotAfter().getTime() - leaf.chain()[0].getNotBefore().getTime());
        ServerCertificate tooLong = ca.issue(List.of("x.localhost"), Duration.ofDays(30), List.of());
        assertFalse(tooLong.chain()[0].getNotAfter().after(ca.intermediate().getNotAfter()), "clamped to the intermediate's end");
    }
}
