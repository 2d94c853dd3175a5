package dev.heddle.transport;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.RawClient;
import dev.heddle.testing.RawUpstream;
import dev.heddle.testing.TinyDns;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * resolver.addresses: upstream names are looked up at the configured DNS server, not the
 * system's. The name "app.heddle.test" exists only there.
 */
class ResolverTest {
    @Test
    void anUpstreamNameIsResolvedByTheConfiguredServer() throws Exception {
        try (RawUpstream up = RawUpstream.ok("found");
             TinyDns dns = new TinyDns(Map.of("app.heddle.test", InetAddress.getByName("127.0.0.1")));
             Heddle h = Heddle.withRoutes("[{\"handle\":[{\"handler\":\"reverse_proxy\",\"upstreams\":[{\"dial\":\"app.heddle.test:"
                     + up.port() + "\"}],\"transport\":{\"protocol\":\"http\",\"resolver\":{\"addresses\":[\"udp/"
                     + dns.address() + "\"]}}}]}]")) {
            RawClient.Response r = RawClient.exchange(h.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertEquals("found", r.bodyText());
            assertTrue(dns.queries() >= 1, "the configured server was asked");
        }
    }

    @Test
    void anUnknownNameIsADialFailureNamingTheResolver() throws Exception {
        try (TinyDns dns = new TinyDns(Map.of())) {
            Resolver resolver = new Resolver(java.util.List.of(dns.address()));
            UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver.resolve("nowhere.heddle.test"));
            assertTrue(e.getMessage().contains("nowhere.heddle.test") && e.getMessage().contains(dns.address()), e.getMessage());
            // IP literals are never looked up.
            assertEquals(InetAddress.getByName("127.0.0.1"), resolver.resolve("127.0.0.1")[0]);
            assertEquals(1, dns.queries());
        }
    }
}
