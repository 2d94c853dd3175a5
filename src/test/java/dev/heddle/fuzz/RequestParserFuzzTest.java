package dev.heddle.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.http.HeaderList;
import dev.heddle.server.http1.BadRequestException;
import dev.heddle.server.http1.ChunkedBody;
import dev.heddle.server.http1.ClientInput;
import dev.heddle.server.http1.FixedLengthBody;
import dev.heddle.server.http1.RequestHead;
import dev.heddle.server.http1.RequestHeadParser;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heddle's own HTTP/1.x request parser and chunked decoder on arbitrary client bytes: each
 * input ends in a parsed head (or body), a clean end, a {@link BadRequestException} with one
 * of the statuses the server answers, or an {@link EOFException}; never another exception.
 * A parsed head printed back parses to the same request. Inputs arrive a few bytes per read,
 * so that every boundary falls between reads. Regression inputs:
 * RequestParserFuzzTestInputs/ beside this class.
 */
class RequestParserFuzzTest {
    private static final RequestHeadParser PARSER = new RequestHeadParser(256, 1024, 32);
    /** Room for what printing back adds (a CR per line, a space after each colon). */
    private static final RequestHeadParser ROOMY = new RequestHeadParser(256, 4096, 32);
    private static final Set<Integer> HEAD_STATUSES = Set.of(400, 414, 431, 501, 505);
    private static final Set<Integer> BODY_STATUSES = Set.of(400, 431);
    private static final byte[] CHUNKED_HEAD =
            "POST /upload HTTP/1.1\r\nHost: fuzz\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void requestHeads(byte[] input) throws IOException {
        ClientInput in = new ClientInput(pieces(input, 1 + input.length % 7), 32);
        // Pipelined requests: each round consumes at least one byte or ends, so this ends.
        while (true) {
            RequestHead head;
            try {
                head = PARSER.parse(in);
            } catch (BadRequestException refused) {
                assertTrue(HEAD_STATUSES.contains(refused.status()), "status " + refused.status());
                return;
            } catch (EOFException truncated) {
                return;
            }
            if (head == null) {
                return;
            }
            assertTrue(head.headBytes() <= 1024, "head of " + head.headBytes() + " bytes");
            printsBack(head);
            try {
                settleBody(in, head);
            } catch (BadRequestException refused) {
                assertTrue(BODY_STATUSES.contains(refused.status()), "status " + refused.status());
                return;
            } catch (EOFException truncated) {
                return;
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void chunkedBodies(byte[] input) throws IOException {
        long read = decode(input, false);
        long dropped = decode(input, true);
        assertTrue(read <= input.length, "decoded " + read + " bytes from " + input.length);
        if (read >= 0 && dropped >= 0) {
            assertEquals(read, dropped, "discarding drops what reading reads");
        }
    }

    /** The decoded length (by reads of varying sizes, or by discard), -1 when refused or cut short. */
    private static long decode(byte[] input, boolean discard) throws IOException {
        ClientInput in = new ClientInput(pieces(input, 1 + input.length % 5), 32);
        in.preload(CHUNKED_HEAD, 0, CHUNKED_HEAD.length);
        RequestHead head = PARSER.parse(in);
        ChunkedBody body = new ChunkedBody(in, () -> { }, 256, 64);
        try {
            if (discard) {
                long n = body.discard(Long.MAX_VALUE);
                assertTrue(body.finished());
                return n;
            }
            long total = 0;
            byte[] buf = new byte[4096];
            for (int i = 0, n; ; i++) {
                n = i % 3 == 0 ? (body.read() < 0 ? -1 : 1) : body.read(buf, 0, i % 3 == 1 ? 7 : buf.length);
                if (n < 0) {
                    assertTrue(body.finished() && head.chunked(), "ended at the last chunk");
                    return total;
                }
                total += n;
            }
        } catch (BadRequestException refused) {
            assertTrue(BODY_STATUSES.contains(refused.status()), "status " + refused.status());
            return -1;
        } catch (EOFException truncated) {
            return -1;
        }
    }

    private static void settleBody(ClientInput in, RequestHead head) throws IOException {
        if (head.chunked()) {
            ChunkedBody body = new ChunkedBody(in, () -> { }, 256, 64);
            body.discard(Long.MAX_VALUE);
            assertTrue(body.finished());
        } else if (head.contentLength() > 0) {
            FixedLengthBody body = new FixedLengthBody(in, head.contentLength(), () -> { });
            assertEquals(head.contentLength(), body.discard(Long.MAX_VALUE));
        }
    }

    /** Request line, fields and the empty line, printed back from the parsed head, parse to the same. */
    private static void printsBack(RequestHead head) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(head.method()).append(' ').append(head.target()).append(" HTTP/1.").append(head.minorVersion()).append("\r\n");
        for (HeaderList.Line l : head.headers().lines()) {
            s.append(l.name()).append(": ").append(l.value()).append("\r\n");
        }
        byte[] printed = s.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        ClientInput in = new ClientInput(pieces(printed, printed.length), 64);
        RequestHead again = ROOMY.parse(in);
        assertEquals(head.method(), again.method());
        assertEquals(head.target(), again.target());
        assertEquals(head.minorVersion(), again.minorVersion());
        assertEquals(head.headers().lines(), again.headers().lines());
        assertEquals(head.rawPath(), again.rawPath());
        assertEquals(head.rawQuery(), again.rawQuery());
        assertEquals(head.host(), again.host());
        assertEquals(head.contentLength(), again.contentLength());
        assertEquals(head.chunked(), again.chunked());
        assertEquals(head.keepAlive(), again.keepAlive());
        assertEquals(head.expectContinue(), again.expectContinue());
        assertEquals(head.upgradeRequested(), again.upgradeRequested());
        assertEquals(0, in.buffered());
    }

    /** Serves {@code data} at most {@code step} bytes per read, then -1. */
    private static ClientInput.Source pieces(byte[] data, int step) {
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
}
