package dev.heddle.config;

/**
 * One static upstream.
 *
 * @param dial        "host:port" or "[v6]:port"
 * @param maxRequests in-flight limit; 0 = unlimited
 */
public record UpstreamConfig(String dial, int maxRequests) {

    static UpstreamConfig parse(Node n) throws ConfigException {
        n.requireObject();
        Node dialNode = n.field("dial");
        String dial = dialNode.requiredString();
        try {
            DialAddress.parse(dial);
        } catch (IllegalArgumentException e) {
            throw dialNode.error(e.getMessage());
        }
        int maxRequests = n.field("max_requests").intValue(0, 0, Integer.MAX_VALUE);
        n.done(java.util.Set.of("lookup_srv"));
        return new UpstreamConfig(dial, maxRequests);
    }
}
