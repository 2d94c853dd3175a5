package dev.heddle.server.http2;

import dev.heddle.testing.TestCertificates;

/**
 * A test CA and one server certificate (localhost, 127.0.0.1), and the config of a TLS server
 * with it: default protocols (h1, h2, h3), {@code default_sni} localhost for clients that send
 * no name, and no redirect server on port 80 (not under test here).
 */
final class TlsTestSite implements AutoCloseable {
    final TestCertificates pki;
    final TestCertificates.Issued cert;

    TlsTestSite(String caName) throws Exception {
        pki = new TestCertificates(caName);
        cert = pki.server("h2", null, "localhost", "127.0.0.1");
    }

    /** One server {@code srv0} on 127.0.0.1:0; {@code serverExtra} is inserted as more fields (ending with a comma). */
    String config(String routes, String serverExtra) {
        return "{\"apps\": {\"tls\": {\"certificates\": {\"load_files\": [{\"certificate\": \"" + cert.certificate()
                + "\", \"key\": \"" + cert.key() + "\"}]}}, \"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"],"
                + " \"automatic_https\": {\"disable_redirects\": true}, \"tls_connection_policies\": [{\"default_sni\": \"localhost\"}],"
                + serverExtra + " \"routes\": " + routes + "}}}}}";
    }

    @Override
    public void close() {
        pki.close();
    }
}
