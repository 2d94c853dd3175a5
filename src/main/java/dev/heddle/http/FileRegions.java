package dev.heddle.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Copies a region of a file into a stream through one heap buffer (when no channel can take it directly). */
public final class FileRegions {
    private static final int BUFFER = 64 * 1024;

    private FileRegions() {
    }

    /** Writes exactly {@code count} bytes from {@code position}; a file that shrank underneath fails. */
    public static void copy(FileChannel file, long position, long count, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(BUFFER, Math.max(count, 1)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = file.read(buf, position + done);
            if (n < 0) {
                throw new EOFException("file ended " + (count - done) + " bytes early");
            }
            out.write(buf.array(), 0, n);
            done += n;
        }
    }
}
