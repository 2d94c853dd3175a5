package dev.heddle.transport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test CA with a server certificate (localhost, 127.0.0.1) and a client certificate, made with
 * openssl in a temporary folder. PEM files for Heddle's config; a PKCS#12 store for the test server.
 */
final class TestPki {
    final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    static TestPki create() throws Exception {
        Path dir = Files.createTempDirectory("heddle-pki");
        TestPki pki = new TestPki(dir);
        try {
            pki.run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                    "-days", "2", "-subj", "/CN=Heddle Test CA");
            for (String who : List.of("server", "client")) {
                pki.run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                        "-subj", "/CN=" + (who.equals("server") ? "localhost" : "heddle-client"));
                Files.writeString(dir.resolve(who + ".ext"), who.equals("server")
                        ? "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                        : "extendedKeyUsage=clientAuth\n");
                pki.run("openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                        "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
                pki.run("openssl", "pkcs12", "-export", "-in", who + ".pem", "-inkey", who + ".key", "-out", who + ".p12",
                        "-passout", "pass:test");
            }
        } catch (IOException e) {
            Assumptions.abort("openssl is needed to make test certificates: " + e.getMessage());
        }
        return pki;
    }

    private void run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    String file(String name) {
        return dir.resolve(name).toString();
    }
}
