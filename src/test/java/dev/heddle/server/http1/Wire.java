package dev.heddle.server.http1;

import dev.heddle.http.HeaderList;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test inputs: bytes fed to a {@link ClientInput} 1, 3 or 7 bytes per read (so that every
 * line end, field and chunk boundary falls between two reads somewhere), or preloaded whole.
 */
final class Wire {
    /** Bytes per read; 0 means the whole input preloaded, nothing from the source. */
    static final int[] PIECES = {1, 3, 7, 0};

    private Wire() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A small first buffer, so that compaction and growth happen in every test. */
    static ClientInput input(byte[] data, int piece) {
        ClientInput in = new ClientInput(source(piece == 0 ? new byte[0] : data, piece), 16);
        if (piece == 0) {
            in.preload(data, 0, data.length);
        }
        return in;
    }

    static ClientInput input(String data, int piece) {
        return input(bytes(data), piece);
    }

    /** Serves {@code data} at most {@code piece} bytes per read, then -1. */
    static ClientInput.Source source(byte[] data, int piece) {
        int step = piece <= 0 ? Integer.MAX_VALUE : piece;
        int[] at = {0};
        return (buf, off, len) -> {
            if (at[0] == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, step), data.length - at[0]);
            System.arraycopy(data, at[0], buf, off, n);
            at[0] += n;
            return n;
        };
    }

    /** Reads a stream to its end through reads of varying sizes (1, 2, 5, 64 bytes). */
    static byte[] drain(InputStream body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] sizes = {1, 2, 5, 64};
        byte[] buf = new byte[64];
        for (int i = 0; ; i++) {
            int n = body.read(buf, 0, sizes[i % sizes.length]);
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
        }
    }

    static List<String> lines(HeaderList headers) {
        List<String> out = new ArrayList<>();
        for (HeaderList.Line l : headers.lines()) {
            out.add(l.name() + ": " + l.value());
        }
        return out;
    }
}
