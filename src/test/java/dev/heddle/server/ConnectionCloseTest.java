package dev.heddle.server;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that sends "Connection: close" sees the connection closed after the response, for
 * answers of every kind (Helidon 4.5.0 alone sends the header but keeps the socket open).
 */
class ConnectionCloseTest {
    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawUpstream up = new RawUpstream((req, out, s) -> out.write(
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nchunk\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
             Heddle h = Heddle.withRoutes("[{\"match\":[{\"path\":[\"/static\"]}],\"handle\":[{\"handler\":\"static_response\",\"body\":\"s\"}],"
                     + "\"terminal\":true},{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + up.dial() + "\"}]}]}]")) {
            for (String path : new String[] {"/static", "/streamed"}) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                    s.setSoTimeout(5000);
                    s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertTrue(all.startsWith("HTTP/1.1 200") && (all.endsWith("s") || all.endsWith("0\r\n\r\n")), path + ": " + all);
                }
            }
        }
    }
}
