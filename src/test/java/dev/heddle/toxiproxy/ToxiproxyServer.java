package dev.heddle.toxiproxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A Toxiproxy-compatible server (control API v2, as the official Java client uses it;
 * ../shared/toxiproxy-api.md): proxies and toxics over HTTP+JSON on 127.0.0.1, with the real
 * server's status codes and {@code {"error", "status"}} bodies. Bodies are JSON whatever their
 * Content-Type says (the client sends form-urlencoded).
 */
public final class ToxiproxyServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final Map<String, ProxyInstance> proxies = new LinkedHashMap<>();

    private ToxiproxyServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", this::handle);
        http.start();
    }

    public static ToxiproxyServer start() throws IOException {
        return new ToxiproxyServer();
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** A failure with the status and message the real server answers. */
    private static final class ApiError extends Exception {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String[] path = ex.getRequestURI().getPath().replaceAll("^/+|/+$", "").split("/");
            byte[] body = ex.getRequestBody().readAllBytes();
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            Object result;
            synchronized (proxies) {  // no I/O of the proxied connections happens under this lock
                result = route(ex.getRequestMethod(), path, json);
            }
            if (result instanceof Integer status) {
                ex.sendResponseHeaders(status, -1);
            } else {
                send(ex, result instanceof Created c ? 201 : 200, result instanceof Created c ? c.body : (JsonNode) result);
            }
        } catch (ApiError e) {
            ObjectNode err = JSON.createObjectNode().put("error", e.getMessage()).put("status", e.status);
            send(ex, e.status, err);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            send(ex, 400, JSON.createObjectNode().put("error", "bad request body: " + e.getOriginalMessage()).put("status", 400));
        } finally {
            ex.close();  // after the catch: the error body must go out first
        }
    }

    private record Created(JsonNode body) {
    }

    private Object route(String method, String[] p, JsonNode body) throws ApiError, IOException {
        if (p.length == 1 && p[0].equals("version") && method.equals("GET")) {
            return JSON.createObjectNode().put("version", "2.12.0");
        }
        if (p.length == 1 && p[0].equals("reset") && method.equals("POST")) {
            for (ProxyInstance x : proxies.values()) {
                x.clearToxics();
                if (!x.enabled()) {
                    x.update(null, null, true);
                }
            }
            return 204;
        }
        if (p.length == 1 && p[0].equals("populate") && method.equals("POST")) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode spec : body) {
                out.add(populate(spec));
            }
            ObjectNode o = JSON.createObjectNode();
            o.set("proxies", out);
            return new Created(o);
        }
        if (p.length >= 1 && p[0].equals("proxies")) {
            return proxies(method, p, body);
        }
        throw new ApiError(404, "404 page not found");
    }

    private Object proxies(String method, String[] p, JsonNode body) throws ApiError, IOException {
        if (p.length == 1) {
            if (method.equals("GET")) {
                ObjectNode o = JSON.createObjectNode();
                proxies.forEach((n, x) -> o.set(n, x.json()));
                return o;
            }
            return new Created(create(body).json());
        }
        ProxyInstance proxy = proxies.get(p[1]);
        if (proxy == null) {
            throw new ApiError(404, "proxy not found");
        }
        if (p.length == 2) {
            switch (method) {
                case "GET" -> {
                    return proxy.json();
                }
                case "DELETE" -> {
                    proxy.stop();
                    proxies.remove(p[1]);
                    return 204;
                }
                default -> {
                    proxy.update(text(body, "listen"), text(body, "upstream"),
                            body.has("enabled") ? body.get("enabled").asBoolean() : null);
                    return proxy.json();
                }
            }
        }
        return Toxics.handle(proxy, method, p, body);
    }

    private ProxyInstance create(JsonNode body) throws ApiError, IOException {
        String name = text(body, "name");
        String upstream = text(body, "upstream");
        if (name == null || name.isEmpty()) {
            throw new ApiError(400, "missing required field: name");
        }
        if (upstream == null || upstream.isEmpty()) {
            throw new ApiError(400, "missing required field: upstream");
        }
        if (proxies.containsKey(name)) {
            throw new ApiError(409, "proxy already exists");
        }
        String listen = text(body, "listen") == null ? "127.0.0.1:0" : text(body, "listen");
        ProxyInstance x = new ProxyInstance(name, listen, upstream);
        if (!body.has("enabled") || body.get("enabled").asBoolean()) {
            try {
                x.start();
            } catch (IOException e) {
                throw new ApiError(500, "listen tcp " + listen + ": " + e.getMessage());
            }
        }
        proxies.put(name, x);
        return x;
    }

    private JsonNode populate(JsonNode spec) throws ApiError, IOException {
        ProxyInstance existing = proxies.get(text(spec, "name"));
        if (existing != null && existing.upstream().equals(text(spec, "upstream"))) {
            return existing.json();
        }
        if (existing != null) {
            existing.stop();
            proxies.remove(existing.name);
        }
        return create(spec).json();
    }

    static String text(JsonNode n, String field) {
        return n.has(field) && !n.get(field).isNull() ? n.get(field).asText() : null;
    }

    static ObjectNode toxicJson(ToxicSpec t) {
        ObjectNode o = JSON.createObjectNode();
        ObjectNode attrs = o.putObject("attributes");
        t.attributes().forEach(attrs::put);
        o.put("name", t.name());
        o.put("type", t.type());
        o.put("stream", t.stream());
        o.put("toxicity", t.toxicity());
        return o;
    }

    static ApiError error(int status, String message) {
        return new ApiError(status, message);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = (JSON.writeValueAsString(body) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        synchronized (proxies) {
            proxies.values().forEach(ProxyInstance::stop);
            proxies.clear();
        }
        http.stop(0);
    }

    /** The toxics endpoints of one proxy. */
    private static final class Toxics {
        private Toxics() {
        }

        static Object handle(ProxyInstance proxy, String method, String[] p, JsonNode body) throws ApiError {
            if (p.length == 3 && p[2].equals("toxics")) {
                if (method.equals("GET")) {
                    ArrayNode arr = JSON.createArrayNode();
                    proxy.toxicsInApiOrder().forEach(t -> arr.add(toxicJson(t)));
                    return arr;
                }
                return toxicJson(add(proxy, body));
            }
            if (p.length != 4 || !p[2].equals("toxics")) {
                throw new ApiError(404, "404 page not found");
            }
            ToxicSpec t = proxy.toxic(p[3]);
            if (t == null) {
                throw new ApiError(404, "toxic not found");
            }
            switch (method) {
                case "GET" -> {
                    return toxicJson(t);
                }
                case "DELETE" -> {
                    proxy.removeToxic(t);
                    return 204;
                }
                default -> {
                    Double toxicity = body.has("toxicity") ? body.get("toxicity").asDouble() : null;
                    return toxicJson(proxy.updateToxic(t, toxicity, attributes(body)));
                }
            }
        }

        private static ToxicSpec add(ProxyInstance proxy, JsonNode body) throws ApiError {
            String type = text(body, "type");
            if (type == null || !ToxicSpec.ATTRIBUTES.containsKey(type)) {
                throw new ApiError(400, "invalid toxic type: " + type);
            }
            String stream = text(body, "stream") == null ? "downstream" : text(body, "stream");
            if (!stream.equals("upstream") && !stream.equals("downstream")) {
                throw new ApiError(400, "stream was invalid, can be either upstream or downstream");
            }
            String name = text(body, "name") == null ? type + "_" + stream : text(body, "name");
            if (proxy.toxic(name) != null) {
                throw new ApiError(409, "toxic already exists");
            }
            double toxicity = body.has("toxicity") ? body.get("toxicity").asDouble() : 1.0;
            ToxicSpec t = new ToxicSpec(name, type, stream, toxicity, ToxicSpec.withDefaults(type, attributes(body)),
                    ProxyInstance.nextVersion());
            proxy.addToxic(t);
            return t;
        }

        private static Map<String, Long> attributes(JsonNode body) {
            Map<String, Long> out = new LinkedHashMap<>();
            if (body.has("attributes")) {
                body.get("attributes").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
            }
            return out;
        }
    }
}
