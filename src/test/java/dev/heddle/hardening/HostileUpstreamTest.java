package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Upstream replies that must end as upstream errors without touching other requests or the
 * pool: a response followed by one nobody asked for, and a head whose header lines never end.
 */
class HostileUpstreamTest {
    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static RawUpstream hostile() throws IOException {
        return hostile(new AtomicBoolean());
    }

    /** @param lateSent set once the late unsolicited response of /late has been written */
    private static RawUpstream hostile(AtomicBoolean lateSent) throws IOException {
        return new RawUpstream((req, out, s) -> {
            String line = req.requestLine();
            if (line.startsWith("GET /late ")) {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
                try {
                    Thread.sleep(200);  // the delay IS the behaviour: the extra response comes in its own packet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
                lateSent.set(true);
            } else if (line.startsWith("GET /status-zero ")) {
                write(out, "HTTP/1.1 000 OK\r\nContent-Length: 0\r\n\r\n");
            } else if (line.startsWith("GET /extra ")) {
                // A whole response, then a second one for a request that was never sent.
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled");
            } else if (line.startsWith("GET /endless ") || line.startsWith("GET /endless-short ")) {
                write(out, "HTTP/1.1 200 OK\r\n");
                // Long lines often straddle two reads; short ones are almost always whole in the buffer.
                String value = line.startsWith("GET /endless-short ") ? "1" : "a".repeat(1000);
                byte[] field = ("X-Again: " + value + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 1_000_000 && !s.isClosed(); i++) {
                    out.write(field);
                }
            } else {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nnormal");
            }
        });
    }

    private static RawClient.Response get(Socket s, String path) throws IOException {
        write(s.getOutputStream(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        return RawClient.read(s.getInputStream(), false);
    }

    @Test
    void unsolicitedBytesAfterAResponseNeverAnswerTheNextRequest() throws Exception {
        try (RawUpstream up = hostile();
             Heddle h = Heddle.proxyTo(up.dial());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            assertEquals("first", get(client, "/extra").bodyText());
            for (int i = 0; i < 5; i++) {
                assertEquals("normal", get(client, "/").bodyText(), "request " + i + " after the unsolicited response");
            }
        }
    }

    @Test
    void anUnsolicitedResponseArrivingWhileIdleRetiresTheConnection() throws Exception {
        AtomicBoolean lateSent = new AtomicBoolean();
        try (RawUpstream up = hostile(lateSent);
             Heddle h = Heddle.proxyTo(up.dial());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            assertEquals("first", get(client, "/late").bodyText());
            await().atMost(Duration.ofSeconds(5)).untilTrue(lateSent);
            assertEquals("normal", get(client, "/").bodyText());
            assertEquals(2, up.connectionsAccepted(), "the out-of-step connection was not reused");
        }
    }

    @Test
    void aStatusBelow100Is502() throws Exception {
        try (RawUpstream up = hostile();
             Heddle h = Heddle.proxyTo(up.dial())) {
            // Found by ResponseParserFuzzTest: "000" passed for an informational response.
            assertEquals(502, RawClient.exchange(h.port(), "GET /status-zero HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
        }
    }

    @Test
    void endlessHeaderLinesAre502AndLeaveOthersAlone() throws Exception {
        try (RawUpstream up = hostile();
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\""
                     + up.dial() + "\"}],\"transport\":{\"protocol\":\"http\",\"max_response_header_size\":65536}}]}]");
             Socket client = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            client.setSoTimeout(10_000);
            assertEquals("normal", get(client, "/").bodyText());
            assertEquals(502, get(client, "/endless").status());
            assertEquals(502, get(client, "/endless-short").status(), "short lines count against the limit too");
            assertEquals("normal", get(client, "/").bodyText(), "the same client connection still works");
            assertEquals("normal", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
        }
    }
}
