package dev.heddle.transport;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The upstream response parser and the chunked decoder on arbitrary bytes. An upstream may
 * send anything: each input is either parsed or rejected with an IOException (the transport's
 * own types), never a runtime exception, and a fixed-length body never yields more than its
 * Content-Length. Regression inputs: ResponseParserFuzzTestInputs/ beside this class.
 */
class ResponseParserFuzzTest {
    private static final int MAX_HEAD = 8 * 1024;

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void anyBytesAsAnUpstreamResponse(byte[] input) throws Exception {
        parse(input, false);
        parse(input, true);
    }

    private static void parse(byte[] input, boolean headRequest) throws IOException {
        Http1Connection c = Http1Connection.overStreams("fuzz:1", new ByteArrayInputStream(input), new ByteArrayOutputStream(),
                SocketOptions.DEFAULTS.readBufferSize() / 64);
        ResponseHead head;
        try {
            head = ResponseHead.read(c, headRequest, MAX_HEAD);
        } catch (IOException rejected) {
            return;
        }
        if (head == null) {
            return;
        }
        assertTrue(head.status() >= 100 && head.status() <= 999, "status " + head.status());
        ResponseBody body = new ResponseBody(c, head);
        long total = 0;
        byte[] buf = new byte[97];
        try {
            for (int n; (n = body.read(buf, 0, buf.length)) >= 0; ) {
                total += n;
            }
        } catch (IOException rejected) {
            return;
        }
        if (head.framing() == ResponseHead.Framing.FIXED) {
            assertTrue(total == head.contentLength(), "read " + total + " of a Content-Length " + head.contentLength());
        }
        assertTrue(total <= input.length, "read more body bytes than were sent");
    }
}
