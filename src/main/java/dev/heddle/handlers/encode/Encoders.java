package dev.heddle.handlers.encode;

import com.github.luben.zstd.ZstdOutputStream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** The compressing streams the encode handler writes through; flush() pushes out what is buffered (SSE). */
final class Encoders {
    private Encoders() {
    }

    static OutputStream open(String encoding, int level, boolean zstdChecksum, OutputStream out) throws IOException {
        return switch (encoding) {
            case "gzip" -> new LeveledGzip(out, level);
            case "zstd" -> {
                ZstdOutputStream z = new ZstdOutputStream(out, level);
                z.setChecksum(zstdChecksum);
                yield z;
            }
            default -> throw new IllegalArgumentException("no encoder for " + encoding);
        };
    }

    /** GZIPOutputStream with a level and sync flush (so a flush sends what was written so far). */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(OutputStream out, int level) throws IOException {
            super(out, 8192, true);
            def.setLevel(level);
        }
    }
}
