package dev.heddle.faults;

import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reset_peer before the response head: 502; after it: the client's response is cut, never clean. */
class ResetPeerFaultTest {
    @Test
    void resetBeforeHeadersIs502() throws Exception {
        try (Faults f = new Faults(RawUpstream.ok("x"))) {
            f.proxy.toxics().resetPeer("rst", ToxicDirection.UPSTREAM, 0);
            try (var h = f.heddle("")) {
                assertEquals(502, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
            }
            f.proxy.toxics().get("rst").remove();
            f.assertNoLeak();
        }
    }

    @Test
    void resetAfterHeadersAbortsTheClientResponse() throws Exception {
        CountDownLatch headSent = new CountDownLatch(1);
        CountDownLatch resetArmed = new CountDownLatch(1);
        try (Faults f = new Faults(new RawUpstream((req, out, s) -> {
                 out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfirst-part".getBytes(StandardCharsets.US_ASCII));
                 out.flush();
                 headSent.countDown();
                 try {
                     resetArmed.await(5, TimeUnit.SECONDS);
                 } catch (InterruptedException e) {
                     return;
                 }
                 out.write(new byte[50_000]);
             }))) {
            try (var h = f.heddle(",\"flush_interval\":-1"); Socket s = new Socket(InetAddress.getLoopbackAddress(), h.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                assertEquals(200, RawClient.read(in, true).status());
                assertTrue(headSent.await(5, TimeUnit.SECONDS));
                f.proxy.toxics().resetPeer("rst", ToxicDirection.DOWNSTREAM, 0);
                resetArmed.countDown();
                byte[] rest = in.readAllBytes();
                assertTrue(rest.length < 100_000, "the client sees a short body and the connection closed: " + rest.length);
            }
            f.proxy.toxics().get("rst").remove();
            f.assertNoLeak();
        }
    }
}
