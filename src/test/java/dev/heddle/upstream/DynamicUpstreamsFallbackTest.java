package dev.heddle.upstream;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import dev.heddle.testing.TinyDns;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dynamic_upstreams without dnsmasq: the system resolver for an {@code a} source, {@code multi}
 * skipping a failed source, Caddy's fallback to the static upstreams when the dynamic source
 * fails, and 503 when there are none. The failing names are asked of a test DNS server that
 * knows nothing (NXDOMAIN), never of the system's.
 */
class DynamicUpstreamsFallbackTest {
    private static RawClient.Response get(Heddle h) throws IOException {
        return RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static String proxy(String fields) {
        return "[{\"handle\": [{\"handler\": \"reverse_proxy\", " + fields + "}]}]";
    }

    @Test
    void anASourceUsesTheSystemResolverWhenNoneIsConfigured() throws Exception {
        try (RawUpstream up = RawUpstream.ok("local");
             Heddle h = Heddle.withRoutes(proxy("\"dynamic_upstreams\": {\"source\": \"a\", \"name\": \"localhost\", \"port\": \""
                     + up.port() + "\", \"versions\": {\"ipv4\": true}}"))) {
            assertEquals("local", get(h).bodyText());
        }
    }

    @Test
    void placeholdersInTheNameAreTheRequests() throws Exception {
        try (RawUpstream up = RawUpstream.ok("by header");
             TinyDns dns = new TinyDns(Map.of("app.heddle.test", InetAddress.getByName("127.0.0.1")));
             Heddle h = Heddle.withRoutes(proxy("\"dynamic_upstreams\": {\"source\": \"a\", \"name\": \"{http.request.header.X-App}.heddle.test\","
                     + " \"port\": \"" + up.port() + "\", \"resolver\": {\"addresses\": [\"" + dns.address() + "\"]}}"))) {
            assertEquals("by header", RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-App: app\r\nConnection: close\r\n\r\n").bodyText());
            assertEquals(503, RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-App: other\r\nConnection: close\r\n\r\n").status());
        }
    }

    @Test
    void multiSkipsAFailingSourceAndAFailedSourceFallsBackToTheStaticUpstreams() throws Exception {
        try (RawUpstream dynamicUp = RawUpstream.ok("dynamic");
             RawUpstream staticUp = RawUpstream.ok("static");
             TinyDns empty = new TinyDns(Map.of());
             Heddle multi = Heddle.withRoutes(proxy("\"dynamic_upstreams\": {\"source\": \"multi\", \"sources\": ["
                     + "{\"source\": \"a\", \"name\": \"gone.heddle.test\", \"resolver\": {\"addresses\": [\"" + empty.address() + "\"]}},"
                     + "{\"source\": \"a\", \"name\": \"localhost\", \"port\": \"" + dynamicUp.port() + "\", \"versions\": {\"ipv4\": true}}]}"));
             Heddle fallback = Heddle.withRoutes(proxy("\"upstreams\": [{\"dial\": \"" + staticUp.dial() + "\"}],"
                     + " \"dynamic_upstreams\": {\"source\": \"srv\", \"name\": \"_http._tcp.gone.heddle.test\","
                     + " \"resolver\": {\"addresses\": [\"" + empty.address() + "\"]}}"));
             Heddle none = Heddle.withRoutes(proxy("\"dynamic_upstreams\": {\"source\": \"srv\", \"name\": \"_http._tcp.gone.heddle.test\","
                     + " \"resolver\": {\"addresses\": [\"" + empty.address() + "\"]}}"))) {
            assertEquals("dynamic", get(multi).bodyText(), "the failed source is skipped, the next one answers");
            assertEquals("static", get(fallback).bodyText(), "the static upstreams stand in for a failed source");
            RawClient.Response r = get(none);
            assertEquals(503, r.status(), r.bodyText());
        }
    }

    @Test
    void oneLookupAtATimeAndNoStallForAllWhenTheAnswerGoesStale() throws Exception {
        try (RawUpstream up = RawUpstream.ok("up");
             TinyDns dns = new TinyDns(name -> {
                 try {
                     Thread.sleep(1000);  // IS the behaviour: a slow DNS server, so concurrent lookups would pile up
                 } catch (InterruptedException e) {
                     Thread.currentThread().interrupt();
                 }
                 return name.equals("app.heddle.test") ? InetAddress.getLoopbackAddress() : null;
             });
             Heddle h = Heddle.withRoutes(proxy("\"dynamic_upstreams\": {\"source\": \"a\", \"name\": \"app.heddle.test\", \"port\": \""
                     + up.port() + "\", \"refresh\": \"2s\", \"dial_timeout\": \"5s\", \"versions\": {\"ipv4\": true},"
                     + " \"resolver\": {\"addresses\": [\"" + dns.address() + "\"]}}"))) {
            List<Long> cold = burst(h, 40);
            assertEquals(1, dns.queries(), "40 requests on a cold cache: one lookup, the others wait for it");
            assertTrue(cold.stream().allMatch(ms -> ms >= 0), "all answered: " + cold);

            Thread.sleep(2100);  // IS the behaviour: the cached answer must go stale (refresh 2s)
            List<Long> stale = burst(h, 40);
            assertEquals(2, dns.queries(), "40 requests on a stale answer: one lookup");
            long slow = stale.stream().filter(ms -> ms >= 700).count();
            assertTrue(slow <= 1, "only the request doing the lookup waits for the slow DNS server, took (ms): " + stale);
        }
    }

    /** {@code n} requests at once; each one's time in ms (-1 for an answer other than 200). */
    private static List<Long> burst(Heddle h, int n) throws Exception {
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Long>> all = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                all.add(clients.submit(() -> {
                    long start = System.nanoTime();
                    int status = get(h).status();
                    return status == 200 ? (System.nanoTime() - start) / 1_000_000 : -1L;
                }));
            }
            List<Long> out = new ArrayList<>();
            for (Future<Long> f : all) {
                out.add(f.get());
            }
            return out;
        } finally {
            clients.shutdownNow();
        }
    }
}
