package dev.heddle.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A data directory of its own for one test class's local CA, under the build directory:
 * {@code heddle.data.dir} points at it until {@link #close()}, which restores the property and
 * deletes the directory. Clients that trust only its root come from {@link #trustingRoot()}.
 */
final class LocalCaDataDir implements AutoCloseable {
    final Path path;
    private final String before;

    private LocalCaDataDir(Path path, String before) {
        this.path = path;
        this.before = before;
    }

    static LocalCaDataDir create() throws IOException {
        Files.createDirectories(Path.of("target"));
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "heddle-data");
        LocalCaDataDir d = new LocalCaDataDir(dir, System.getProperty("heddle.data.dir"));
        System.setProperty("heddle.data.dir", dir.toString());
        return d;
    }

    Path rootFile() {
        return path.resolve("pki/authorities/local/root.crt");
    }

    /** A client context that trusts the local CA's root file and nothing else. */
    SSLContext trustingRoot() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", PemReader.certificates(Files.readString(rootFile())).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Override
    public void close() throws IOException {
        if (before == null) {
            System.clearProperty("heddle.data.dir");
        } else {
            System.setProperty("heddle.data.dir", before);
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
