package dev.heddle.toxiproxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A toxic as the API shows it (Go struct tags of Toxiproxy v2): name, type, stream, toxicity,
 * attributes. Every attribute of its type is always present (the Java client reads them all).
 * {@code version} changes on update, so links roll toxicity again (toxiproxy-api.md §4).
 */
record ToxicSpec(String name, String type, String stream, double toxicity, Map<String, Long> attributes, long version) {

    static final Map<String, List<String>> ATTRIBUTES = Map.of(
            "latency", List.of("latency", "jitter"),
            "bandwidth", List.of("rate"),
            "slow_close", List.of("delay"),
            "timeout", List.of("timeout"),
            "reset_peer", List.of("timeout"),
            "limit_data", List.of("bytes"),
            "slicer", List.of("average_size", "size_variation", "delay"));

    static Map<String, Long> withDefaults(String type, Map<String, Long> given) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String a : ATTRIBUTES.get(type)) {
            out.put(a, given.getOrDefault(a, 0L));
        }
        return out;
    }

    long attr(String key) {
        return attributes.getOrDefault(key, 0L);
    }

    boolean upstream() {
        return stream.equals("upstream");
    }
}
