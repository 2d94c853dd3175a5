package dev.heddle.jmh;

import dev.heddle.balance.HashSelection;
import dev.heddle.balance.LeastConnSelection;
import dev.heddle.balance.RandomSelection;
import dev.heddle.balance.RoundRobinSelection;
import dev.heddle.balance.SelectionPolicy;
import dev.heddle.http.Exchange;
import dev.heddle.upstream.Upstream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** One pick per call from {@code upstreams} upstreams, for the policies a request pays for on every attempt. */
@State(Scope.Benchmark)
public class SelectionBench {
    @Param({"3", "20"})
    int upstreams;

    private List<Upstream> pool;
    private Exchange ex;
    private final SelectionPolicy roundRobin = new RoundRobinSelection();
    private final SelectionPolicy leastConn = new LeastConnSelection();
    private SelectionPolicy clientIpHash;
    private SelectionPolicy random;

    @Setup
    public void setUp() throws Exception {
        pool = new ArrayList<>();
        for (int i = 0; i < upstreams; i++) {
            pool.add(new Upstream("10.0.0." + (i + 1) + ":80", 0));
        }
        ex = Exchange.builder().rawPath("/api/items").remote(InetAddress.getByName("192.0.2.7"), 40000).build();
        random = new RandomSelection();
        clientIpHash = new HashSelection(HashSelection.Key.CLIENT_IP, "", random);
    }

    @Benchmark
    public Upstream roundRobin() {
        return roundRobin.select(pool, ex);
    }

    @Benchmark
    public Upstream leastConn() {
        return leastConn.select(pool, ex);
    }

    @Benchmark
    public Upstream random() {
        return random.select(pool, ex);
    }

    @Benchmark
    public Upstream clientIpHash() {
        return clientIpHash.select(pool, ex);
    }
}
