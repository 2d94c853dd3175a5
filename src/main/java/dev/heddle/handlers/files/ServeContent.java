package dev.heddle.handlers.files;

import dev.heddle.http.Exchange;
import dev.heddle.http.FileRegions;
import dev.heddle.http.HeaderList;
import dev.heddle.http.Response;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Go's {@code http.ServeContent}, which Caddy's file_server hands every file to: Last-Modified,
 * the conditionals ({@link Preconditions}), Range (one range → 206 with Content-Range, several →
 * {@code multipart/byteranges}, none satisfiable → 416), Accept-Ranges and HEAD. A status
 * override (error routes, {@code status_code}) replaces whatever status this would write, as
 * Caddy's wrapped WriteHeader does. Whole files and single ranges go out with
 * {@link Response#sendFile}, which the HTTP/1 connection turns into sendfile.
 */
final class ServeContent {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ServeContent() {
    }

    /**
     * @param modTime        epoch seconds, or -1 when the file's time is not useful (no Last-Modified)
     * @param statusOverride the status to write instead of Go's, or 0
     */
    static void serve(Exchange ex, FileChannel file, long size, long modTime, int statusOverride) throws IOException {
        Response res = ex.response();
        HeaderList h = res.headers();
        if (modTime >= 0) {
            h.set("Last-Modified", HttpDates.format(modTime));
        }
        String etag = h.first("ETag");
        switch (Preconditions.check(ex, etag, modTime)) {
            case PRECONDITION_FAILED -> {
                answer(res, 412, statusOverride);
                return;
            }
            case NOT_MODIFIED -> {
                h.remove("Content-Type");
                h.remove("Content-Length");
                h.remove("Content-Encoding");
                if (etag != null) {
                    h.remove("Last-Modified");
                }
                answer(res, 304, statusOverride);
                return;
            }
            default -> {
            }
        }
        String rangeHeader = ex.header("Range");
        if (rangeHeader == null || !Preconditions.rangeApplies(ex, etag, modTime)) {
            rangeHeader = "";
        }
        List<ByteRanges.Range> ranges;
        try {
            ranges = ByteRanges.parse(rangeHeader, size);
        } catch (ByteRanges.Invalid e) {
            if (e.noOverlap) {
                h.set("Content-Range", "bytes */" + size);
            }
            rangeError(res, e.getMessage(), statusOverride);
            return;
        }
        if (ByteRanges.total(ranges) > size) {
            ranges = List.of();  // asking for more than the whole: send the whole (Go's rule against amplification)
        }
        h.set("Accept-Ranges", "bytes");
        boolean head = ex.method().equals("HEAD");
        if (ranges.size() == 1) {
            ByteRanges.Range r = ranges.get(0);
            h.set("Content-Range", r.contentRange(size));
            send(res, head, file, r.start(), r.length(), status(206, statusOverride));
        } else if (ranges.isEmpty()) {
            send(res, head, file, 0, size, status(200, statusOverride));
        } else {
            sendMultipart(res, head, file, size, ranges, status(206, statusOverride));
        }
    }

    private static int status(int goStatus, int override) {
        return override > 0 ? override : goStatus;
    }

    private static void answer(Response res, int goStatus, int override) {
        res.status(status(goStatus, override)).send();
    }

    /** Go's serveError: validators and encoding are not for the error; text/plain with nosniff. */
    private static void rangeError(Response res, String message, int override) {
        HeaderList h = res.headers();
        for (String name : List.of("Cache-Control", "Content-Encoding", "ETag", "Last-Modified", "Content-Length")) {
            h.remove(name);
        }
        h.set("Content-Type", "text/plain; charset=utf-8");
        h.set("X-Content-Type-Options", "nosniff");
        res.status(status(416, override)).send((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(Response res, boolean head, FileChannel file, long start, long length, int status) throws IOException {
        res.status(status);
        if (head) {
            res.contentLength(length);
            res.send();
        } else {
            res.sendFile(file, start, length);
        }
    }

    private static void sendMultipart(Response res, boolean head, FileChannel file, long size, List<ByteRanges.Range> ranges,
                                      int status) throws IOException {
        HeaderList h = res.headers();
        String type = h.first("Content-Type");
        String boundary = HexFormat.of().formatHex(randomBytes());
        List<byte[]> partHeads = new ArrayList<>(ranges.size());
        long length = 0;
        for (int i = 0; i < ranges.size(); i++) {
            ByteRanges.Range r = ranges.get(i);
            String partHead = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Range: " + r.contentRange(size) + "\r\n"
                    + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n";
            byte[] bytes = partHead.getBytes(StandardCharsets.UTF_8);
            partHeads.add(bytes);
            length += bytes.length + r.length();
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length += end.length;
        h.set("Content-Type", "multipart/byteranges; boundary=" + boundary);
        res.status(status);
        res.contentLength(length);
        if (head) {
            res.send();
            return;
        }
        try (OutputStream out = res.outputStream()) {
            for (int i = 0; i < ranges.size(); i++) {
                out.write(partHeads.get(i));
                FileRegions.copy(file, ranges.get(i).start(), ranges.get(i).length(), out);
            }
            out.write(end);
        }
    }

    /** Go's multipart boundary: 30 random bytes in hex. */
    private static byte[] randomBytes() {
        byte[] b = new byte[30];
        RANDOM.nextBytes(b);
        return b;
    }
}
