package dev.heddle.faults;

import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A response cut by limit_data is never passed off as complete: short Content-Length, or no last chunk. */
class LimitDataFaultTest {
    @Test
    void truncatedResponsesStayVisiblyTruncated() throws Exception {
        for (boolean chunked : new boolean[] {false, true}) {
            try (Faults f = new Faults(new RawUpstream((req, out, s) -> {
                     byte[] body = new byte[100_000];
                     if (chunked) {
                         out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(body.length) + "\r\n")
                                 .getBytes(StandardCharsets.US_ASCII));
                         out.write(body);
                         out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                     } else {
                         out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                         out.write(body);
                     }
                 }))) {
                f.proxy.toxics().limitData("cut", ToxicDirection.DOWNSTREAM, 30_000);
                try (var h = f.heddle(""); Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    InputStream in = s.getInputStream();
                    RawClient.Response head = RawClient.read(in, true);
                    assertEquals(200, head.status());
                    String rest = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    if (chunked) {
                        assertTrue(!rest.endsWith("0\r\n\r\n"), "no terminating chunk");
                    } else {
                        assertTrue(rest.length() < 100_000, "fewer bytes than Content-Length, then EOF: " + rest.length());
                    }
                }
                f.proxy.toxics().get("cut").remove();
                f.assertNoLeak();
            }
        }
    }
}
