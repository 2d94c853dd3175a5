package dev.heddle.handlers.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/** Caddy's file ETag and its rule for modification times worth sending (staticfiles.go). */
final class Etags {
    private Etags() {
    }

    /** {@code "<mtime ns base36>-<size base36>"}, strong; null when the time is not useful (epoch 0 or 1). */
    static String of(BasicFileAttributes info) {
        if (usefulSeconds(info) < 0) {
            return null;
        }
        long nanos = info.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        return "\"" + Long.toString(nanos, 36) + "-" + Long.toString(info.size(), 36) + "\"";
    }

    /** The modification time in epoch seconds, or -1 when it is 0 or 1 (tools set those; Caddy sends no Last-Modified). */
    static long usefulSeconds(BasicFileAttributes info) {
        long s = info.lastModifiedTime().to(TimeUnit.SECONDS);
        return s == 0 || s == 1 ? -1 : s;
    }
}
