package dev.heddle.faults;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Latency on the upstream side below and above response_header_timeout: success, then 504. */
class LatencyFaultTest {
    @Test
    void latencyBelowTheTimeoutSucceedsAboveIt504() throws Exception {
        try (Faults f = new Faults(RawUpstream.ok("fine"))) {
            f.proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 300);
            try (Heddle h = f.heddle(",\"transport\":{\"protocol\":\"http\",\"response_header_timeout\":\"2s\"}")) {
                assertEquals("fine", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").bodyText());
            }
            try (Heddle h = f.heddle(",\"transport\":{\"protocol\":\"http\",\"response_header_timeout\":\"100ms\"}")) {
                long start = System.nanoTime();
                assertEquals(504, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
                assertEquals(true, System.nanoTime() - start < 2_000_000_000L, "answered at the timeout, not after the latency");
            }
            f.assertNoLeak();
        }
    }
}
