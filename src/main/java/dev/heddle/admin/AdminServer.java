package dev.heddle.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.heddle.config.AdminConfig;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.config.HeddleConfig;
import dev.heddle.observe.Metrics;
import dev.heddle.upstream.UpstreamRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Caddy's admin API on its own listener (admin.go): {@code POST /load}, {@code GET|POST|PUT|
 * PATCH|DELETE /config/<path>}, {@code POST /stop}, {@code GET /reverse_proxy/upstreams},
 * {@code GET /metrics} (Prometheus text).
 * Every change goes through the same strict loader as a config file, then a reload; an invalid
 * change is a 400 naming the JSON path, and the running config stays as it was.
 */
public final class AdminServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.heddle.admin");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfigTarget target;
    private final Runnable stop;
    private final WebServer server;
    private final OriginGuard guard;

    private AdminServer(AdminConfig config, ConfigTarget target, Runnable stop) throws ConfigException {
        this.target = target;
        this.stop = stop;
        this.server = WebServer.builder()
                .host(config.listen().bindHost().equals("localhost") ? "127.0.0.1" : config.listen().bindHost())
                .port(config.listen().port())
                .shutdownHook(false)
                .routing(r -> r.any(this::handle))
                .build();
        server.start();
        if (!server.isRunning()) {
            throw new ConfigException("admin.listen", "cannot listen on " + config.listen());
        }
        this.guard = new OriginGuard(config.listen().host(), server.port(), config.origins());
        LOG.log(Level.INFO, "admin API listening on " + config.listen().host() + ":" + server.port());
    }

    /** Starts the admin API; {@code stop} is what POST /stop does (after answering). */
    public static AdminServer start(AdminConfig config, ConfigTarget target, Runnable stop) throws ConfigException {
        return new AdminServer(config, target, stop);
    }

    public int port() {
        return server.port();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String refused = guard.refuse(req.headers().first(HeaderNames.HOST).orElse(null),
                req.headers().first(HeaderNames.ORIGIN).orElse(null),
                req.headers().first(HeaderNames.create("Sec-Fetch-Mode")).orElse(null));
        if (refused != null) {
            error(res, 403, refused);
            return;
        }
        String path = req.path().path();
        String method = req.prologue().method().text();
        try {
            if (path.equals("/load")) {
                requireMethod(method, "POST");
                load(req, res);
            } else if (path.equals("/config") || path.startsWith("/config/")) {
                config(req, res, method, ConfigEdit.segments(path.substring("/config".length())));
            } else if (path.equals("/stop")) {
                requireMethod(method, "POST");
                res.send();
                Thread.ofVirtual().start(stop);
            } else if (path.equals("/metrics")) {
                requireMethod(method, "GET");
                res.header(HeaderValues.create("Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
                try (var out = res.outputStream()) {
                    Metrics.write(out);
                }
            } else if (path.equals("/reverse_proxy/upstreams")) {
                requireMethod(method, "GET");
                upstreams(res);
            } else {
                error(res, 404, "not found: " + path);
            }
        } catch (ConfigEdit.EditException e) {
            error(res, e.status, e.getMessage());
        } catch (ConfigException e) {
            error(res, 400, e.getMessage());
        } catch (IOException e) {
            error(res, 400, "invalid request body: " + e.getMessage());
        }
    }

    private void load(ServerRequest req, ServerResponse res) throws ConfigException {
        String body = req.content().as(String.class);
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        HeddleConfig config = ConfigLoader.parse(LoadBody.json(type, body));
        boolean force = req.headers().first(HeaderNames.CACHE_CONTROL).map(v -> v.contains("must-revalidate")).orElse(false);
        target.reload(config, force);
        res.send();
    }

    private void config(ServerRequest req, ServerResponse res, String method, List<String> path)
            throws ConfigEdit.EditException, ConfigException, IOException {
        JsonNode current = JSON.readTree(target.config().source());
        if (method.equals("GET")) {
            json(res, 200, ConfigEdit.get(current, path));
            return;
        }
        JsonNode value = method.equals("DELETE") ? null : JSON.readTree(req.content().as(String.class));
        ConfigEdit.apply(current, method, path, value);
        target.reload(ConfigLoader.parse(JSON.writeValueAsString(current)), false);
        res.send();
    }

    private static void upstreams(ServerResponse res) {
        ArrayNode out = JSON.createArrayNode();
        for (UpstreamRegistry.Status s : UpstreamRegistry.global().snapshot()) {
            ObjectNode o = out.addObject();
            o.put("address", s.address());
            o.put("num_requests", s.numRequests());
            o.put("fails", s.fails());
            o.put("healthy", s.healthy());
        }
        json(res, 200, out);
    }

    private static void requireMethod(String actual, String wanted) throws ConfigEdit.EditException {
        if (!actual.equals(wanted)) {
            throw new ConfigEdit.EditException(405, "method " + actual + " not allowed; use " + wanted);
        }
    }

    private static void json(ServerResponse res, int status, JsonNode body) {
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON);
        try {
            res.send(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(ServerResponse res, int status, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", message);
        res.status(status).header(HeaderValues.CONTENT_TYPE_JSON)
                .send((o.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop();
    }
}
