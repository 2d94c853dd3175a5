package dev.heddle.transport.fastcgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * FCGI_PARAMS: name-value pairs, each length in one byte below 128 or four bytes with the high
 * bit set (the specification §3.4), packed into records and ended by an empty record.
 */
final class Params {
    /**
     * The most pair bytes in one PARAMS record. php-fpm parses the pairs of each record on their
     * own (a pair split over two records is refused) and refuses a record whose content and
     * padding pass 65535 bytes (fastcgi.c, FCGI_MAX_LENGTH); Caddy's client writes at most 65500
     * (fastcgi/client.go, maxWrite), whole pairs per record.
     */
    static final int MAX_RECORD = 65500;

    private static final byte[] EMPTY = new byte[0];

    private Params() {
    }

    /**
     * The pairs as the contents of PARAMS records, each of whole pairs and at most
     * {@link #MAX_RECORD} bytes. A value too long for one record is cut to fit, as Caddy's
     * writePairs does; a name that alone does not fit (over 65 KB) cannot be sent and is left out.
     */
    static List<byte[]> encode(Map<String, String> env) {
        List<byte[]> records = new ArrayList<>(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        for (Map.Entry<String, String> e : env.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
            int room = MAX_RECORD - 8 - name.length;  // 8: the two lengths at their largest
            if (room < 0) {
                continue;
            }
            if (value.length > room) {
                value = Arrays.copyOf(value, room);
            }
            int size = lengthSize(name.length) + lengthSize(value.length) + name.length + value.length;
            if (out.size() + size > MAX_RECORD) {
                records.add(out.toByteArray());
                out.reset();
            }
            length(out, name.length);
            length(out, value.length);
            out.writeBytes(name);
            out.writeBytes(value);
        }
        if (out.size() > 0) {
            records.add(out.toByteArray());
        }
        return records;
    }

    private static int lengthSize(int n) {
        return n < 128 ? 1 : 4;
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

    /** The records from {@link #encode}, then the empty one that ends the stream. */
    static void write(OutputStream out, List<byte[]> records) throws IOException {
        for (byte[] r : records) {
            Records.write(out, Records.PARAMS, r, 0, r.length);
        }
        Records.write(out, Records.PARAMS, EMPTY, 0, 0);
    }
}
