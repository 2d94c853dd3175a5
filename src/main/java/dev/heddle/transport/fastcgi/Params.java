package dev.heddle.transport.fastcgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * FCGI_PARAMS: name-value pairs, each length in one byte below 128 or four bytes with the high
 * bit set (the specification §3.4), packed into records and ended by an empty record.
 */
final class Params {
    private Params() {
    }

    static byte[] encode(Map<String, String> env) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (Map.Entry<String, String> e : env.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            length(out, name.length);
            length(out, value.length);
            out.writeBytes(name);
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    private static void length(ByteArrayOutputStream out, int n) {
        if (n < 128) {
            out.write(n);
        } else {
            out.write(0x80 | n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    /** The encoded pairs as PARAMS records, then the empty one that ends the stream. */
    static void write(OutputStream out, byte[] encoded) throws IOException {
        for (int off = 0; off < encoded.length; off += Records.MAX_CONTENT) {
            Records.write(out, Records.PARAMS, encoded, off, Math.min(Records.MAX_CONTENT, encoded.length - off));
        }
        Records.write(out, Records.PARAMS, encoded, 0, 0);
    }
}
