package dev.heddle.faults;

import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Requests and responses cut into 1-byte fragments arrive byte-exact. */
class SlicerFaultTest {
    @Test
    void oneByteFragmentsBothWays() throws Exception {
        try (Faults f = new Faults(new RawUpstream((req, out, s) -> {
                 out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(req.body().length) + "\r\n")
                         .getBytes(StandardCharsets.US_ASCII));
                 out.write(req.body());
                 out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
             }))) {
            f.proxy.toxics().slicer("req", ToxicDirection.UPSTREAM, 1, 0);
            f.proxy.toxics().slicer("res", ToxicDirection.DOWNSTREAM, 1, 0);
            byte[] body = new byte[8000];
            new Random(3).nextBytes(body);
            try (var h = f.heddle("")) {
                String head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                RawClient.Response r = RawClient.exchange(h.port(), head + new String(body, StandardCharsets.ISO_8859_1));
                assertEquals(200, r.status());
                assertArrayEquals(body, r.body());
            }
            f.assertNoLeak();
        }
    }
}
