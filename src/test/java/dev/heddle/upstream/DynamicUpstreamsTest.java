package dev.heddle.upstream;

import dev.heddle.testing.Dnsmasq;
import dev.heddle.testing.Heddle;
import dev.heddle.testing.LogCapture;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dynamic_upstreams against a real DNS server (dnsmasq on a loopback port, see {@link Dnsmasq}):
 * A records changed while Heddle runs, SRV records, lookup failures, SRV priority and weight,
 * and health that follows the dynamic hosts. The upstreams listen on 127.0.0.2 and 127.0.0.3 at
 * one port, since an {@code a} source gives every address the same port.
 */
class DynamicUpstreamsTest {
    @BeforeAll
    static void needsDnsmasq() {
        Dnsmasq.assumeInstalled();
    }

    /** Two upstreams, "two" on 127.0.0.2 and "three" on 127.0.0.3, at the same port; /health answers per its flag. */
    static final class Pair implements AutoCloseable {
        final RawUpstream two;
        final RawUpstream three;
        final AtomicBoolean threeHealthy = new AtomicBoolean(true);
        final AtomicInteger threeChecks = new AtomicInteger();

        Pair() throws IOException {
            RawUpstream a = null;
            RawUpstream b = null;
            for (int attempt = 0; b == null; attempt++) {
                a = RawUpstream.at(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), answer("two", null, null));
                try {
                    b = RawUpstream.at(new InetSocketAddress(InetAddress.getByName("127.0.0.3"), a.port()),
                            answer("three", threeHealthy, threeChecks));
                } catch (BindException e) {
                    a.close();  // that port is taken on 127.0.0.3: another pair of ports
                    if (attempt == 10) {
                        throw e;
                    }
                }
            }
            two = a;
            three = b;
        }

        int port() {
            return two.port();
        }

        @Override
        public void close() throws IOException {
            two.close();
            three.close();
        }
    }

    private static RawUpstream.Responder answer(String name, AtomicBoolean healthy, AtomicInteger checks) {
        return (req, out, s) -> {
            String body = name;
            int status = 200;
            if (req.requestLine().startsWith("GET /health")) {
                if (checks != null) {
                    checks.incrementAndGet();
                }
                status = healthy == null || healthy.get() ? 200 : 500;
            } else if (req.requestLine().startsWith("GET /fail") && name.equals("three")) {
                status = 500;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.flush();
        };
    }

    private static String a(Dnsmasq dns, int port, String refresh, String extra) {
        return "{\"source\": \"a\", \"name\": \"app.heddle.test\", \"port\": \"" + port + "\", \"refresh\": \"" + refresh
                + "\", \"resolver\": {\"addresses\": [\"" + dns.address() + "\"]}" + extra + "}";
    }

    private static String proxy(String dynamic, String extra) {
        return "[{\"handle\": [{\"handler\": \"reverse_proxy\", \"dynamic_upstreams\": " + dynamic
                + ", \"load_balancing\": {\"selection_policy\": {\"policy\": \"round_robin\"}}" + extra + "}]}]";
    }

    private static RawClient.Response get(Heddle h, String path) throws IOException {
        return RawClient.exchange(h.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    /** The bodies of {@code n} requests (status included when not 200). */
    private static List<String> answers(Heddle h, int n) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RawClient.Response r = get(h, "/");
            out.add(r.status() == 200 ? r.bodyText() : r.status() + " " + r.bodyText().strip());
        }
        return out;
    }

    private static Set<String> distinct(Heddle h, int n) throws IOException {
        return new HashSet<>(answers(h, n));
    }

    @Test
    void aRecordsChangedAtRuntimeAreFollowedWithinRefresh() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n", List.of());
             Heddle h = Heddle.withRoutes(proxy(a(dns, up.port(), "300ms", ""), ""))) {
            assertEquals(Set.of("two"), distinct(h, 6));

            dns.reloadHosts("127.0.0.3 app.heddle.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> get(h, "/").bodyText().equals("three"));
            assertEquals(Set.of("three"), distinct(h, 6), "the old address is gone from the set");

            dns.reloadHosts("127.0.0.2 app.heddle.test\n127.0.0.3 app.heddle.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> distinct(h, 4).equals(Set.of("two", "three")));
        }
    }

    @Test
    void anAnswerIsCachedForItsRefresh() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n", List.of());
             Heddle h = Heddle.withRoutes(proxy(a(dns, up.port(), "1h", ""), ""))) {
            assertEquals(Set.of("two"), distinct(h, 2));
            dns.reloadHosts("127.0.0.3 app.heddle.test\n");
            // The new record is served at once (checked below through a second Heddle), but this one asks again only after an hour.
            try (Heddle fresh = Heddle.withRoutes(proxy(a(dns, up.port(), "1h", ""), ""))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> get(fresh, "/").bodyText().equals("three"));
            }
            assertEquals(Set.of("two"), distinct(h, 10));
        }
    }

    @Test
    void srvRecordsAreFollowedAcrossADnsServerRestart() throws Exception {
        try (RawUpstream a = RawUpstream.ok("a");
             RawUpstream b = RawUpstream.ok("b");
             Dnsmasq dns = Dnsmasq.start("127.0.0.1 a.heddle.test\n127.0.0.1 b.heddle.test\n",
                     List.of("_http._tcp.svc.heddle.test,a.heddle.test," + a.port() + ",0,10"));
             Heddle h = Heddle.withRoutes(proxy("{\"source\": \"srv\", \"service\": \"http\", \"proto\": \"tcp\", \"name\": \"svc.heddle.test\","
                     + " \"refresh\": \"300ms\", \"resolver\": {\"addresses\": [\"" + dns.address() + "\"]}}", ""))) {
            assertEquals(Set.of("a"), distinct(h, 4));
            dns.restart(List.of("_http._tcp.svc.heddle.test,b.heddle.test," + b.port() + ",0,10"));
            await().atMost(Duration.ofSeconds(5)).until(() -> get(h, "/").bodyText().equals("b"));
            assertEquals(Set.of("b"), distinct(h, 4));
            dns.restart(List.of("_http._tcp.svc.heddle.test,a.heddle.test," + a.port() + ",0,10",
                    "_http._tcp.svc.heddle.test,b.heddle.test," + b.port() + ",0,10"));
            await().atMost(Duration.ofSeconds(5)).until(() -> distinct(h, 4).equals(Set.of("a", "b")));
        }
    }

    @Test
    void srvPriorityAndWeightOrderTheTargetsAsGoDoes() throws Exception {
        try (RawUpstream a = RawUpstream.ok("a");
             RawUpstream b = RawUpstream.ok("b");
             RawUpstream c = RawUpstream.ok("c");
             Dnsmasq dns = Dnsmasq.start("127.0.0.1 a.heddle.test\n127.0.0.1 b.heddle.test\n127.0.0.1 c.heddle.test\n",
                     List.of("_http._tcp.svc.heddle.test,a.heddle.test," + a.port() + ",0,30",
                             "_http._tcp.svc.heddle.test,b.heddle.test," + b.port() + ",0,10",
                             "_http._tcp.svc.heddle.test,c.heddle.test," + c.port() + ",1,1000"));
             // "first" takes the head of Go's order; a refresh of 1ms makes every request a new lookup and a new draw.
             Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"reverse_proxy\", \"dynamic_upstreams\": {\"source\": \"srv\","
                     + " \"name\": \"_http._tcp.svc.heddle.test\", \"refresh\": \"1ms\", \"resolver\": {\"addresses\": [\""
                     + dns.address() + "\"]}}, \"load_balancing\": {\"selection_policy\": {\"policy\": \"first\"}}}]}]")) {
            Map<String, Integer> counts = new HashMap<>();
            for (String s : answers(h, 400)) {
                counts.merge(s, 1, Integer::sum);
            }
            // Weights 30:10 within priority 0: a is first with probability 3/4 (300 ± 4.3 sd = 35); c, at priority 1, never.
            int ofA = counts.getOrDefault("a", 0);
            assertTrue(ofA >= 260 && ofA <= 340, "a:b should be about 3:1, got " + counts);
            assertEquals(400, ofA + counts.getOrDefault("b", 0), "only priority 0 answers: " + counts);
        }
    }

    @Test
    void aFailedLookupKeepsTheLastGoodSetUpToTheStaleLimit() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n", List.of());
             LogCapture log = new LogCapture("dev.heddle.upstream");
             Heddle kept = Heddle.withRoutes(proxy(a(dns, up.port(), "200ms", ", \"dial_timeout\": \"100ms\""), ""));
             Heddle limited = Heddle.withRoutes(proxy(a(dns, up.port(), "200ms",
                     ", \"dial_timeout\": \"100ms\", \"stale_limit\": \"1500ms\""), ""));
             Heddle asCaddy = Heddle.withRoutes(proxy(a(dns, up.port(), "200ms",
                     ", \"dial_timeout\": \"100ms\", \"stale_limit\": \"0s\""), ""))) {
            for (Heddle h : List.of(kept, limited, asCaddy)) {
                assertEquals(Set.of("two"), distinct(h, 2));
            }
            dns.stop();
            long stopped = System.nanoTime();
            // Caddy's a source: the failed lookup is an error, no static upstreams: 503.
            await().atMost(Duration.ofSeconds(5)).until(() -> get(asCaddy, "/").status() == 503);
            // The default stale limit (10m) keeps the last answer, with a warning per failed lookup.
            await().atMost(Duration.ofSeconds(5)).until(() -> get(kept, "/").bodyText().equals("two")
                    && log.messages(Level.WARNING, Level.SEVERE).stream()
                    .anyMatch(m -> m.contains("lookup failed") && m.contains("using the last good answer")));
            assertEquals(Set.of("two"), distinct(kept, 5));
            // A stale limit of 1.5s keeps it for about that long after the last good lookup, then gives up.
            await().atMost(Duration.ofSeconds(6)).until(() -> get(limited, "/").status() == 503);
            assertTrue(System.nanoTime() - stopped > Duration.ofMillis(1000).toNanos(), "the stale answer was kept for a while");
            assertEquals(Set.of("two"), distinct(kept, 5), "still kept past 1.5s under the default limit");
            // The DNS server comes back (same port): lookups succeed again.
            dns.restart(List.of());
            await().atMost(Duration.ofSeconds(5)).until(() -> get(limited, "/").bodyText().equals("two"));
        }
    }

    @Test
    void aDynamicHostFailingItsActiveCheckLeavesRotationAndReturnsAfterPasses() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n127.0.0.3 app.heddle.test\n", List.of());
             Heddle h = Heddle.withRoutes(proxy(a(dns, up.port(), "1h", ""), ", \"health_checks\": {\"active\": {\"uri\": \"/health\","
                     + " \"interval\": \"100ms\", \"timeout\": \"1s\", \"passes\": 3, \"fails\": 1}}"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> distinct(h, 4).equals(Set.of("two", "three")));
            assertTrue(up.threeChecks.get() > 0, "the dynamic host is checked");

            up.threeHealthy.set(false);
            await().atMost(Duration.ofSeconds(5)).until(() -> distinct(h, 6).equals(Set.of("two")));

            up.threeHealthy.set(true);
            int checksAtRecovery = up.threeChecks.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> distinct(h, 4).contains("three"));
            assertTrue(up.threeChecks.get() - checksAtRecovery >= 3, "back only after 3 passing checks, saw "
                    + (up.threeChecks.get() - checksAtRecovery));
        }
    }

    @Test
    void aDynamicHostsPassiveFailuresCountAcrossRequests() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n127.0.0.3 app.heddle.test\n", List.of());
             // A refresh of 1ms: every request looks the name up again, and the host must keep its failures across lookups.
             // Random, not round robin: dnsmasq rotates the order of its answers, which a round robin counter can follow in step.
             Heddle h = Heddle.withRoutes("[{\"handle\": [{\"handler\": \"reverse_proxy\", \"dynamic_upstreams\": " + a(dns, up.port(), "1ms", "")
                     + ", \"health_checks\": {\"passive\": {\"fail_duration\": \"1m\", \"max_fails\": 2, \"unhealthy_status\": [500]}}}]}]")) {
            // /fail gets 500 from "three" only: it answers twice (P(fewer picks in 40) < 1e-10), then it is out for a minute.
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                statuses.add(get(h, "/fail").status());
            }
            assertEquals(2, statuses.stream().filter(s -> s == 500).count(), "statuses: " + statuses);
            assertEquals(Set.of("two"), distinct(h, 6));
        }
    }

    @Test
    void theAdminApiListsDynamicHostsWhileTheyAreKnown() throws Exception {
        try (Pair up = new Pair();
             Dnsmasq dns = Dnsmasq.start("127.0.0.2 app.heddle.test\n", List.of());
             Heddle h = Heddle.start("{\"admin\": {\"listen\": \"127.0.0.1:0\"}, \"apps\": {\"http\": {\"servers\": {\"srv0\": {"
                     + "\"listen\": [\"127.0.0.1:0\"], \"routes\": " + proxy(a(dns, up.port(), "200ms", ""), "") + "}}}}}")) {
            String two = "127.0.0.2:" + up.port();
            String three = "127.0.0.3:" + up.port();
            assertFalse(upstreams(h).contains(two), "nothing is known before the first request");
            get(h, "/");
            assertTrue(upstreams(h).contains("\"address\":\"" + two + "\""), upstreams(h));

            dns.reloadHosts("127.0.0.3 app.heddle.test\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> get(h, "/").bodyText().equals("three"));
            String view = upstreams(h);
            assertTrue(view.contains("\"address\":\"" + three + "\""), view);
            assertFalse(view.contains(two), "a host that left the answer is dropped: " + view);
        }
    }

    private static String upstreams(Heddle h) throws IOException {
        return RawClient.exchange(h.adminPort(), "GET /reverse_proxy/upstreams HTTP/1.1\r\nHost: localhost:" + h.adminPort()
                + "\r\nConnection: close\r\n\r\n").bodyText();
    }
}
