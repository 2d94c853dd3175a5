package dev.heddle.config;

import java.util.List;
import java.util.Set;

/**
 * Caddy's {@code admin} block.
 *
 * @param listen  the admin API's address [localhost:2019]
 * @param origins extra origins allowed to call it (the listener's own are always allowed)
 */
public record AdminConfig(boolean disabled, ListenAddress listen, List<String> origins) {
    public static final ListenAddress DEFAULT_LISTEN = new ListenAddress("localhost", 2019);
    public static final AdminConfig DEFAULTS = new AdminConfig(false, DEFAULT_LISTEN, List.of());

    static AdminConfig parse(Node n) throws ConfigException {
        if (n.absent()) {
            return DEFAULTS;
        }
        n.requireObject();
        boolean disabled = n.field("disabled").bool(false);
        Node listenNode = n.field("listen");
        ListenAddress listen = DEFAULT_LISTEN;
        if (!listenNode.absent()) {
            try {
                listen = ListenAddress.parse(listenNode.string());
            } catch (IllegalArgumentException e) {
                throw listenNode.error(e.getMessage());
            }
        }
        List<String> origins = n.field("origins").strings();
        n.field("enforce_origin").bool(true);  // Heddle always enforces origins (current Caddy's default)
        n.done(Set.of("config", "identity", "remote"));
        return new AdminConfig(disabled, listen, origins);
    }
}
