package dev.heddle.transport.fastcgi;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FastCGI record reader and the CGI head parser on arbitrary server bytes: each input ends
 * in a response read to FCGI_END_REQUEST or in an IOException (a protocol failure, an early
 * end), never another exception, and what parses has a status between 100 and 999. Inputs
 * arrive a few bytes per read. Regression inputs: FastCgiResponseFuzzTestInputs/ beside this class.
 */
class FastCgiResponseFuzzTest {
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void responses(byte[] input) {
        Stdout stdout = new Stdout(new Dribble(input));
        try {
            CgiHead head = CgiHead.read(stdout, 4096);
            assertTrue(head.status() >= 100 && head.status() <= 999, "status " + head.status());
            stdout.transferTo(java.io.OutputStream.nullOutputStream());
            assertTrue(!stdout.completed() || stdout.read() == -1);
            stdout.stderr();
        } catch (IOException refused) {
            // a protocol failure or an early end: the transport answers 502 and drops the connection
        }
    }

    /** Hands out at most 3 bytes per read, so every record and line boundary falls between reads. */
    private static final class Dribble extends InputStream {
        private final ByteArrayInputStream in;

        Dribble(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, Math.min(len, 3));
        }
    }
}
