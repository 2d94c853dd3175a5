package dev.heddle.faults;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upstream that stops answering: 504, or a retry to another upstream; never a hang. */
class TimeoutFaultTest {
    @Test
    void silentUpstreamIs504OrRetriedElsewhere() throws Exception {
        try (Faults f = new Faults(RawUpstream.ok("never")); RawUpstream other = RawUpstream.ok("other")) {
            f.proxy.toxics().timeout("silence", ToxicDirection.DOWNSTREAM, 0);
            String transport = ",\"transport\":{\"protocol\":\"http\",\"response_header_timeout\":\"300ms\"}";
            try (Heddle h = f.heddle(transport)) {
                long start = System.nanoTime();
                assertEquals(504, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
                assertTrue(System.nanoTime() - start < 3_000_000_000L, "no hang");
            }
            try (Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"" + f.dial()
                    + "\"},{\"dial\":\"" + other.dial() + "\"}],\"load_balancing\":{\"selection_policy\":{\"policy\":\"first\"},\"retries\":1}"
                    + transport + "}]}]")) {
                assertEquals("other", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            }
            f.proxy.toxics().get("silence").remove();
            f.assertNoLeak();
        }
    }
}
