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

/** A slow upstream link: bytes reach the client as they come (time to first byte), all of them. */
class BandwidthFaultTest {
    @Test
    void slowUpstreamStreamsAsItComes() throws Exception {
        int size = 400_000;
        try (Faults f = new Faults(new RawUpstream((req, out, s) -> {
                 out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                 out.write(new byte[size]);
             }))) {
            f.proxy.toxics().bandwidth("slow", ToxicDirection.DOWNSTREAM, 200);  // KB/s: about 2 s for the body
            try (var h = f.heddle(""); Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                s.setSoTimeout(10_000);
                long start = System.nanoTime();
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertEquals(200, RawClient.read(in, true).status());
                in.read();
                long firstByteMs = (System.nanoTime() - start) / 1_000_000;
                long total = 1 + in.readAllBytes().length;
                long allMs = (System.nanoTime() - start) / 1_000_000;
                assertEquals(size, total);
                assertTrue(firstByteMs < 800, "time to first byte " + firstByteMs + " ms");
                assertTrue(allMs >= 1500, "the body took the link's time (" + allMs + " ms): streamed, not sped up");
            }
            f.proxy.toxics().get("slow").remove();
            f.assertNoLeak();
        }
    }
}
