package dev.heddle.hardening;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** request_body max_size gives 413 for declared and chunked bodies; hostile upstreams are cut off. */
class LimitsTest {
    @Test
    void requestBodyMaxSizeIs413ForBothFramings() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"request_body\",\"max_size\":10},"
                     + "{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]")) {
            assertEquals(413, RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                    + "x".repeat(11)).status());
            assertEquals(413, RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "b\r\n" + "x".repeat(11) + "\r\n0\r\n\r\n").status());
            assertEquals("ok", RawClient.exchange(h.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
                    + "x".repeat(10)).bodyText());
        }
    }

    /**
     * A large chunked upload over max_size: the 413 reaches the client although it is still
     * sending (the connection half-closes and drains instead of resetting the answer away).
     */
    @Test
    void the413ForALargeUploadIsReadNotReset() throws Exception {
        try (RawUpstream up = RawUpstream.ok("ok");
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"request_body\",\"max_size\":10},"
                     + "{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]");
             java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(10_000);
            java.io.OutputStream out = s.getOutputStream();
            // The whole upload first, the answer after (as curl and most clients do): a server
            // that closed instead of draining would reset the upload, and such clients report
            // the reset, not the answer.
            String uploadFailure = null;
            try {
                out.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = ("4000\r\n" + "x".repeat(0x4000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 1024; i++) {  // 16 MiB: more than loopback buffers hold
                    out.write(chunk);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException e) {
                uploadFailure = e.toString();
            }
            assertEquals(null, uploadFailure, "the upload was reset");
            assertEquals(413, RawClient.read(s.getInputStream(), false).status());
            assertEquals(0, up.requestCount(), "nothing of the refused body reached the upstream as a request");
        }
    }

    /**
     * More than 32 interim responses is a broken upstream (as Go's cap): 502, although a final
     * 200 follows the 100 it sends. Without the cap the 200 would get through.
     */
    @Test
    void endlessInformationalResponsesAre502() throws Exception {
        try (RawUpstream up = new RawUpstream(s -> {
                 RawUpstreamReader.head(s.getInputStream());
                 for (int i = 0; i < 100 && !s.isClosed(); i++) {
                     s.getOutputStream().write("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                 }
                 s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
             });
             Heddle h = Heddle.proxyTo(up.dial());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            int status;
            int interim = 0;
            while ((status = RawClient.read(in, false).status()) == 103) {
                interim++;
            }
            assertEquals(502, status, "after " + interim + " interim responses");
            assertTrue(interim <= 32, interim + " interim responses relayed");
        }
    }

    /** The endless body of a HEAD response is not relayed: nothing follows the head on the connection. */
    @Test
    void headResponseWithAnEndlessBodyDoesNotHang() throws Exception {
        try (RawUpstream up = new RawUpstream(s -> {
                 RawUpstreamReader.head(s.getInputStream());
                 s.getOutputStream().write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                 for (int i = 0; i < 100_000 && !s.isClosed(); i++) {
                     s.getOutputStream().write("4\r\nxxxx\r\n".getBytes(StandardCharsets.US_ASCII));
                 }
             });
             Heddle h = Heddle.proxyTo(up.dial());
             Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertEquals(200, RawClient.read(in, true).status());
            // RawClient reads no body after a HEAD: what follows the head is read here, up to the close.
            byte[] after = in.readAllBytes();
            assertEquals("", new String(after, 0, Math.min(after.length, 200), StandardCharsets.ISO_8859_1),
                    after.length + " bytes followed the HEAD response");
        }
    }

    /** Reads a request head off a raw socket. */
    static final class RawUpstreamReader {
        static void head(InputStream in) throws java.io.IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                sb.append((char) c);
                if (sb.toString().endsWith("\r\n\r\n")) {
                    return;
                }
            }
        }
    }
}
