package dev.heddle.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A {@code load_balancing.selection_policy} module, one record per Caddy policy. */
public sealed interface SelectionPolicyConfig {
    record Random() implements SelectionPolicyConfig { }

    record RandomChoose(int choose) implements SelectionPolicyConfig { }

    record LeastConn() implements SelectionPolicyConfig { }

    record RoundRobin() implements SelectionPolicyConfig { }

    record WeightedRoundRobin(List<Integer> weights) implements SelectionPolicyConfig { }

    record First() implements SelectionPolicyConfig { }

    record IpHash() implements SelectionPolicyConfig { }

    record ClientIpHash() implements SelectionPolicyConfig { }

    record UriHash() implements SelectionPolicyConfig { }

    record Query(String key, SelectionPolicyConfig fallback) implements SelectionPolicyConfig { }

    record Header(String field, SelectionPolicyConfig fallback) implements SelectionPolicyConfig { }

    /** @param maxAge zero = no Max-Age (a session cookie) */
    record Cookie(String name, String secret, Duration maxAge, SelectionPolicyConfig fallback)
            implements SelectionPolicyConfig { }

    SelectionPolicyConfig DEFAULT = new Random();

    static SelectionPolicyConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return DEFAULT;
        }
        n.requireObject();
        Node policy = n.field("policy");
        String name = policy.requiredString();
        SelectionPolicyConfig result = switch (name) {
            case "random" -> new Random();
            case "random_choose" -> new RandomChoose(n.field("choose").intValue(2, 2, 1_000));
            case "least_conn" -> new LeastConn();
            case "round_robin" -> new RoundRobin();
            case "weighted_round_robin" -> new WeightedRoundRobin(weights(n.field("weights")));
            case "first" -> new First();
            case "ip_hash" -> new IpHash();
            case "client_ip_hash" -> new ClientIpHash();
            case "uri_hash" -> new UriHash();
            case "query" -> new Query(n.field("key").requiredString(), parse(n.field("fallback")));
            case "header" -> new Header(n.field("field").requiredString(), parse(n.field("fallback")));
            case "cookie" -> new Cookie(n.field("name").string("lb"), n.field("secret").string(""),
                    nonNegative(n.field("max_age")), parse(n.field("fallback")));
            default -> throw policy.error("unknown selection policy \"" + name + "\"");
        };
        n.done();
        return result;
    }

    private static List<Integer> weights(Node n) throws ConfigException {
        List<Integer> out = new ArrayList<>();
        long total = 0;
        for (Node w : n.elements()) {
            int v = w.intValue(0, 0, 1_000_000);
            out.add(v);
            total += v;
        }
        if (total <= 0) {
            throw n.error("weights must add up to more than 0");
        }
        return List.copyOf(out);
    }

    private static Duration nonNegative(Node n) throws ConfigException {
        Duration d = n.duration(Duration.ZERO);
        if (d.isNegative()) {
            throw n.error("must not be negative");
        }
        return d;
    }
}
