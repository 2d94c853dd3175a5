package dev.heddle.handlers.encode;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * encode's `level` (gzip; zstd by name), zstd's `checksum` and `prefer`, over real sockets; one
 * Heddle, one encode handler per Host, all serving the same compressible text.
 */
class EncodeOptionsTest {
    private static Heddle heddle;
    private static String text;

    private static String site(String host, String encode) {
        return "{\"match\": [{\"host\": [\"" + host + "\"]}], \"terminal\": true, \"handle\": [{\"handler\": \"encode\", " + encode
                + "}, {\"handler\": \"static_response\", \"headers\": {\"Content-Type\": [\"text/plain\"]}, \"body\": \"" + text + "\"}]}";
    }

    @BeforeAll
    static void start() throws Exception {
        String[] words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda"};
        Random random = new Random(20);
        StringBuilder b = new StringBuilder();
        while (b.length() < 200_000) {
            b.append(words[random.nextInt(words.length)]).append(random.nextInt(100)).append(' ');
        }
        text = b.toString();
        heddle = Heddle.withRoutes("[" + String.join(",",
                site("gzip1", "\"encodings\": {\"gzip\": {\"level\": 1}}"),
                site("gzip9", "\"encodings\": {\"gzip\": {\"level\": 9}}"),
                site("zstd-fastest", "\"encodings\": {\"zstd\": {\"level\": \"fastest\"}}"),
                site("zstd-best", "\"encodings\": {\"zstd\": {\"level\": \"best\"}}"),
                site("zstd-checksum", "\"encodings\": {\"zstd\": {\"checksum\": true}}"),
                site("zstd-plain", "\"encodings\": {\"zstd\": {}}"),
                site("prefer-gzip", "\"encodings\": {\"gzip\": {}, \"zstd\": {}}, \"prefer\": [\"gzip\", \"zstd\"]"),
                site("default-order", "\"encodings\": {\"gzip\": {}, \"zstd\": {}}")) + "]");
    }

    @AfterAll
    static void stop() {
        heddle.close();
    }

    private static RawClient.Response get(String host, String accept) throws Exception {
        return RawClient.exchange(heddle.port(), "GET / HTTP/1.1\r\nHost: " + host + "\r\nAccept-Encoding: " + accept
                + "\r\nConnection: close\r\n\r\n");
    }

    /** The encoded body, checked to decode to the text. */
    private static byte[] encoded(String host, String encoding) throws Exception {
        RawClient.Response r = get(host, encoding);
        assertEquals(encoding, r.header("Content-Encoding"), host);
        assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8), EncodeTest.decode(encoding, r.body()), host);
        return r.body();
    }

    @Test
    void aHigherLevelCompressesSmaller() throws Exception {
        int gzip1 = encoded("gzip1", "gzip").length;
        int gzip9 = encoded("gzip9", "gzip").length;
        assertTrue(gzip9 < gzip1 * 0.95, "gzip level 9: " + gzip9 + " bytes, level 1: " + gzip1);
        int fastest = encoded("zstd-fastest", "zstd").length;
        int best = encoded("zstd-best", "zstd").length;
        assertTrue(best < fastest * 0.95, "zstd best: " + best + " bytes, fastest: " + fastest);
    }

    /** RFC 8878 §3.1.1.1.1: bit 2 of the frame header descriptor (after the 4-byte magic) is Content_Checksum_flag. */
    @Test
    void zstdChecksumMarksTheFrame() throws Exception {
        assertEquals(4, encoded("zstd-checksum", "zstd")[4] & 4, "checksum: true");
        assertEquals(0, encoded("zstd-plain", "zstd")[4] & 4, "no checksum by default");
    }

    @Test
    void preferOrdersEncodingsTheClientWeighsEqually() throws Exception {
        assertEquals("gzip", get("prefer-gzip", "zstd, gzip").header("Content-Encoding"));
        assertEquals("zstd", get("prefer-gzip", "gzip;q=0.5, zstd").header("Content-Encoding"), "q-values first");
        assertEquals("zstd", get("default-order", "gzip, zstd").header("Content-Encoding"), "current Caddy's default: zstd, gzip");
    }
}
