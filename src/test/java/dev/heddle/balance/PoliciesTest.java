package dev.heddle.balance;

import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each policy on a fixture of upstreams, with state changed between calls (Caddy's selectionpolicies_test.go style). */
class PoliciesTest {
    private final List<Upstream> pool = List.of(new Upstream("10.0.0.1:80", 1), new Upstream("10.0.0.2:80", 1),
            new Upstream("10.0.0.3:80", 1));
    private final Exchange ex = Exchange.builder().build();

    private static Exchange request(Function<Exchange.Builder, Exchange.Builder> f) {
        return f.apply(Exchange.builder()).build();
    }

    /** max_requests 1 with one request in flight: unavailable. */
    private static void makeFull(Upstream u) {
        u.countRequest(1);
    }

    private Map<Upstream, Integer> counts(SelectionPolicy p, int n) {
        Map<Upstream, Integer> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.merge(p.select(pool, ex), 1, Integer::sum);
        }
        return out;
    }

    @Test
    void roundRobinCyclesExactlyAndSkipsUnavailable() {
        RoundRobinSelection rr = new RoundRobinSelection();
        List<Upstream> seen = IntStream.range(0, 6).mapToObj(i -> rr.select(pool, ex)).toList();
        assertEquals(List.of(pool.get(0), pool.get(1), pool.get(2), pool.get(0), pool.get(1), pool.get(2)), seen);
        makeFull(pool.get(1));
        assertEquals(List.of(pool.get(0), pool.get(2), pool.get(0)), IntStream.range(0, 3).mapToObj(i -> rr.select(pool, ex)).toList());
    }

    @Test
    void weightedRoundRobinKeepsRatios() {
        WeightedRoundRobinSelection w = new WeightedRoundRobinSelection(pool, List.of(3, 2, 1));
        Map<Upstream, Integer> c = counts(w, 3000);
        assertEquals(1500, c.get(pool.get(0)));
        assertEquals(1000, c.get(pool.get(1)));
        assertEquals(500, c.get(pool.get(2)));
        WeightedRoundRobinSelection zero = new WeightedRoundRobinSelection(pool, List.of(1, 0, 1));
        assertEquals(null, counts(zero, 100).get(pool.get(1)), "weight 0 takes an upstream out");
    }

    @Test
    void randomIsRoughlyEvenAndSkipsUnavailable() {
        Map<Upstream, Integer> c = counts(new RandomSelection(), 3000);
        for (Upstream u : pool) {
            assertTrue(c.get(u) > 850 && c.get(u) < 1150, c.toString());
        }
        makeFull(pool.get(0));
        makeFull(pool.get(2));
        assertEquals(Map.of(pool.get(1), 100), counts(new RandomSelection(), 100));
        makeFull(pool.get(1));
        assertNull(new RandomSelection().select(pool, ex), "nothing available: null");
    }

    @Test
    void leastConnAndRandomChoosePreferTheIdle() {
        List<Upstream> big = List.of(new Upstream("a:1", 0), new Upstream("b:1", 0), new Upstream("c:1", 0));
        big.get(0).countRequest(5);
        big.get(2).countRequest(3);
        assertSame(big.get(1), new LeastConnSelection().select(big, ex));
        RandomChooseSelection choose3 = new RandomChooseSelection(3);
        assertSame(big.get(1), choose3.select(big, ex), "choosing all three always finds the idle one");
        Map<Upstream, Integer> c = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            c.merge(new RandomChooseSelection(2).select(big, ex), 1, Integer::sum);
        }
        assertTrue(c.getOrDefault(big.get(0), 0) == 0, "the busiest never wins a pair: " + c);
    }

    /** Found by mutation testing: ties and sampling decide who wins, not only who is idlest. */
    @Test
    void leastConnBreaksTiesAtRandomAndRandomChooseSamplesExactlyItsNumber() {
        Map<Upstream, Integer> ties = counts(new LeastConnSelection(), 3000);
        for (Upstream u : pool) {
            assertTrue(ties.get(u) > 800 && ties.get(u) < 1200, "idle upstreams share the picks: " + ties);
        }
        List<Upstream> big = List.of(new Upstream("a:1", 0), new Upstream("b:1", 0), new Upstream("c:1", 0));
        big.get(0).countRequest(5);
        big.get(2).countRequest(3);
        Map<Upstream, Integer> c = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            c.merge(new RandomChooseSelection(2).select(big, ex), 1, Integer::sum);
        }
        int third = c.getOrDefault(big.get(2), 0);
        assertTrue(third > 700 && third < 1300, "c wins the pairs without the idle b, about a third: " + c);
    }

    /** An unavailable upstream, or one left out of the offered pool (a retry), gives its share to the rest in their own ratios. */
    @Test
    void weightedRoundRobinSpreadsAMissingUpstreamsShareInTheOthersRatios() {
        List<Upstream> four = List.of(new Upstream("a:1", 1), new Upstream("b:1", 1), new Upstream("c:1", 1), new Upstream("d:1", 1));
        WeightedRoundRobinSelection w = new WeightedRoundRobinSelection(four, List.of(2, 3, 2, 1));
        makeFull(four.get(0));
        Map<Upstream, Integer> c = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            c.merge(w.select(four, ex), 1, Integer::sum);
        }
        assertEquals(Map.of(four.get(1), 300, four.get(2), 200, four.get(3), 100), c, "unavailable a: b, c, d stay 3:2:1");
        c.clear();
        for (int i = 0; i < 300; i++) {
            c.merge(w.select(List.of(four.get(0), four.get(2), four.get(3)), ex), 1, Integer::sum);
        }
        assertEquals(Map.of(four.get(2), 200, four.get(3), 100), c, "b left out of the pool, a unavailable: c, d stay 2:1");
        makeFull(four.get(1));
        makeFull(four.get(2));
        makeFull(four.get(3));
        assertNull(w.select(four, ex), "nothing available: null");
    }

    @Test
    void twoWeightsAreWeighted() {
        WeightedRoundRobinSelection w = new WeightedRoundRobinSelection(pool.subList(0, 2), List.of(1, 3));
        Map<Upstream, Integer> c = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            c.merge(w.select(pool.subList(0, 2), ex), 1, Integer::sum);
        }
        assertEquals(Map.of(pool.get(0), 100, pool.get(1), 300), c);
    }

    @Test
    void hashingSpreadsKeysEvenly() {
        Map<Upstream, Integer> c = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            int n = i;
            c.merge(Pick.rendezvous(pool, "key-" + n), 1, Integer::sum);
        }
        for (Upstream u : pool) {
            assertTrue(c.get(u) > 850 && c.get(u) < 1150, "rendezvous hashing spreads keys: " + c);
        }
    }

    @Test
    void firstIsThePrimaryUntilItIsUnavailable() {
        assertSame(pool.get(0), new FirstSelection().select(pool, ex));
        makeFull(pool.get(0));
        assertSame(pool.get(1), new FirstSelection().select(pool, ex));
    }

    @Test
    void hashPoliciesAreStickyPerKey() throws Exception {
        HashSelection byIp = new HashSelection(HashSelection.Key.REMOTE_IP, "", null);
        InetAddress client = addr("192.0.2.1");
        Exchange a = request(b -> b.remote(client, 1000));
        Exchange aAgain = request(b -> b.remote(client, 2000));
        assertSame(byIp.select(pool, a), byIp.select(pool, aAgain));
        Map<Upstream, Integer> spread = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            int n = i;
            spread.merge(byIp.select(pool, request(b -> b.remote(addrOf(n), 1))), 1, Integer::sum);
        }
        assertEquals(3, spread.size(), "different clients spread over all upstreams: " + spread);

        HashSelection byUri = new HashSelection(HashSelection.Key.URI, "", null);
        assertSame(byUri.select(pool, request(b -> b.rawPath("/x").rawQuery("a=1"))),
                byUri.select(pool, request(b -> b.rawPath("/x").rawQuery("a=1"))));
    }

    @Test
    void queryAndHeaderFallBackWhenTheKeyIsMissing() {
        HashSelection byQuery = new HashSelection(HashSelection.Key.QUERY, "user", new FirstSelection());
        Upstream forAlice = byQuery.select(pool, request(b -> b.rawQuery("user=alice")));
        for (int i = 0; i < 20; i++) {
            assertSame(forAlice, byQuery.select(pool, request(b -> b.rawQuery("x=1&user=alice"))));
        }
        assertSame(pool.get(0), byQuery.select(pool, request(b -> b.rawQuery("other=1"))), "fallback: first");

        HashSelection byHeader = new HashSelection(HashSelection.Key.HEADER, "X-Tenant", new FirstSelection());
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        h.add("X-Tenant", "t42");
        Upstream forTenant = byHeader.select(pool, request(b -> b.headers(h)));
        assertSame(forTenant, byHeader.select(pool, request(b -> b.headers(h))));
        assertSame(pool.get(0), byHeader.select(pool, ex), "fallback: first");
    }

    @Test
    void rendezvousMovesOnlyTheKeysOfARemovedUpstream() {
        List<Upstream> five = IntStream.range(1, 6).mapToObj(i -> new Upstream("10.1.0." + i + ":80", 0)).toList();
        List<Upstream> four = new ArrayList<>(five);
        Upstream removed = four.remove(2);
        int moved = 0;
        int onRemoved = 0;
        for (int k = 0; k < 5000; k++) {
            Upstream before = Pick.rendezvous(five, "key-" + k);
            Upstream after = Pick.rendezvous(four, "key-" + k);
            if (before == removed) {
                onRemoved++;
                assertNotEquals(removed, after);
            } else if (before != after) {
                moved++;
            }
        }
        assertEquals(0, moved, "keys of the remaining upstreams stay where they were");
        assertTrue(onRemoved > 800 && onRemoved < 1200, "about a fifth of the keys were on the removed one: " + onRemoved);
    }

    @Test
    void cookieIsStickyAndSetAsCaddySetsIt() {
        CookieSelection cookie = new CookieSelection("lb", "s3cret", Duration.ZERO, new RoundRobinSelection());
        String forSecond = cookie.mac(pool.get(1).dial());
        dev.heddle.http.HeaderList h = new dev.heddle.http.HeaderList();
        h.add("Cookie", "other=1; lb=" + forSecond);
        for (int i = 0; i < 10; i++) {
            assertSame(pool.get(1), cookie.select(pool, request(b -> b.headers(h))));
        }
        assertEquals("lb=abc; Path=/; HttpOnly; SameSite=Lax", cookie.setCookie(ex, "abc"));
        assertEquals("lb=abc; Path=/; HttpOnly; Secure; SameSite=None", cookie.setCookie(request(b -> b.secure(true)), "abc"));
        dev.heddle.http.HeaderList proto = new dev.heddle.http.HeaderList();
        proto.add("X-Forwarded-Proto", "http");
        proto.add("X-Forwarded-Proto", "https");
        assertEquals("lb=abc; Path=/; HttpOnly; Secure; SameSite=None",
                cookie.setCookie(request(b -> b.trustedPeer(true).headers(proto)), "abc"), "HTTPS at a trusted proxy in front (the last X-Forwarded-Proto)");
        assertEquals("lb=abc; Path=/; HttpOnly; SameSite=Lax",
                cookie.setCookie(request(b -> b.headers(proto)), "abc"), "an untrusted peer's X-Forwarded-Proto counts for nothing");
        CookieSelection aged = new CookieSelection("sticky", "", Duration.ofMillis(1500), new RandomSelection());
        assertEquals("sticky=abc; Path=/; Max-Age=2; HttpOnly; SameSite=Lax", aged.setCookie(ex, "abc"));
        makeFull(pool.get(1));
        assertNotEquals(pool.get(1), cookie.select(pool, request(b -> b.headers(h))), "an unavailable sticky upstream is left");
    }

    @Test
    void cookieValueIsHmacSha256OfTheDialAddress() {
        // echo -n 10.0.0.1:80 | openssl dgst -sha256 -hmac secret
        assertEquals("8064f47a911d1275a5e8554be945d2613490fc27d431dcf0cda0267b6b7d779e", new CookieSelection("lb", "secret", Duration.ZERO, new RandomSelection()).mac("10.0.0.1:80"));
    }

    private static InetAddress addr(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static InetAddress addrOf(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 198, 51, (byte) (n / 256), (byte) (n % 256)});
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
