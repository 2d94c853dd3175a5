package dev.heddle.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The config behind {@code heddle reverse-proxy}: one server listening on --from, one route
 * proxying to the --to upstreams, and no admin API. Built as Caddy JSON so it goes through the
 * same strict loader.
 */
final class QuickProxy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private QuickProxy() {
    }

    static String configJson(String from, List<String> to) {
        ObjectNode root = JSON.createObjectNode();
        // A quick proxy has no config to change: no admin API, so it never competes for :2019.
        root.putObject("admin").put("disabled", true);
        ObjectNode server = root.putObject("apps").putObject("http").putObject("servers").putObject("proxy");
        server.putArray("listen").add(stripScheme(from));
        ObjectNode handler = server.putArray("routes").addObject().putArray("handle").addObject();
        handler.put("handler", "reverse_proxy");
        ArrayNode upstreams = handler.putArray("upstreams");
        for (String t : to) {
            upstreams.addObject().put("dial", stripScheme(t));
        }
        return root.toString();
    }

    /** Caddy accepts "http://host:port" here; the scheme adds nothing for plain HTTP. */
    private static String stripScheme(String address) {
        String a = address.startsWith("http://") ? address.substring(7) : address;
        if (a.endsWith("/")) {
            a = a.substring(0, a.length() - 1);
        }
        return a.matches("\\d+") ? ":" + a : a;
    }
}
