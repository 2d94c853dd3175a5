package dev.heddle.faults;

import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Upstreams that close slowly (slow_close) leave no connection behind in the pool. */
class SlowCloseFaultTest {
    @Test
    void slowClosesLeakNothing() throws Exception {
        try (Faults f = new Faults(new RawUpstream((req, out, s) -> {
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 s.close();
             }))) {
            f.proxy.toxics().slowClose("slow", ToxicDirection.DOWNSTREAM, 300);
            try (var h = f.heddle("")) {
                for (int i = 0; i < 20; i++) {
                    assertEquals("ok", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
                }
            }
            f.proxy.toxics().get("slow").remove();
            f.assertNoLeak();
        }
    }
}
