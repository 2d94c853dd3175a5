package dev.heddle.proxy;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A request body with a Content-Length streams to the upstream as the client sends it: each
 * client read is written and flushed upstream (see RequestWriter), so what a client sent
 * before it paused is not held back, not even in the transport's write buffer.
 */
class RequestBodyStreamingTest {
    private static final int LENGTH = 20_000;
    private static final int FIRST_PART = 5_000;

    @Test
    void thePartOfABodySentBeforeAPauseReachesTheUpstreamDuringThePause() throws Exception {
        AtomicLong bodyBytesSeen = new AtomicLong();
        try (RawUpstream up = new RawUpstream(s -> answerAfterWholeBody(s, bodyBytesSeen));
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\""
                     + up.dial() + "\"}]}]}]");
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            byte[] body = new byte[LENGTH];
            Arrays.fill(body, (byte) 'q');
            out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: " + LENGTH + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, FIRST_PART);
            out.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> bodyBytesSeen.get() >= FIRST_PART);
            assertEquals(FIRST_PART, bodyBytesSeen.get(), "the upstream saw bytes the client had not sent yet");
            out.write(body, FIRST_PART, LENGTH - FIRST_PART);
            out.flush();
            RawClient.Response r = RawClient.read(client.getInputStream(), false);
            assertEquals(200, r.status());
            assertEquals("got " + LENGTH, new String(r.body(), StandardCharsets.US_ASCII));
        }
    }

    /** Reads the head, counts body bytes as they arrive, and answers once all have. */
    private static void answerAfterWholeBody(Socket s, AtomicLong seen) throws java.io.IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.write(c);
        }
        byte[] buf = new byte[4096];
        while (seen.get() < LENGTH) {
            int n = in.read(buf);
            if (n < 0) {
                return;
            }
            seen.addAndGet(n);
        }
        s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + ("got " + LENGTH).length()
                + "\r\nConnection: close\r\n\r\ngot " + LENGTH).getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }
}
