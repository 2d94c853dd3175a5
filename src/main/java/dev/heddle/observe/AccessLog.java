package dev.heddle.observe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.heddle.config.ServerLogsConfig;
import dev.heddle.http.Exchange;
import dev.heddle.dns.IpText;
import dev.heddle.http.PlaceholderSource;
import dev.heddle.http.HeaderList;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A server's access log in Caddy's shape: one JSON line per request, logger
 * {@code http.log.access[.<name>]}, message "handled request", the request, status, size,
 * duration in seconds, response headers; credentials redacted unless the config keeps them.
 * Heddle adds {@code upstream} and {@code retries} for proxied requests, and {@code error}
 * when the client went away.
 */
public final class AccessLog {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

    private final ServerLogsConfig config;
    private final LogRouter router;

    public AccessLog(ServerLogsConfig config, LogRouter router) {
        this.config = config;
        this.router = router;
    }

    public void log(Exchange ex, long startNanos, int status, long size) {
        String host = ex.hostname();
        if (config.skipHosts().contains(host)) {
            return;
        }
        List<String> names = config.loggerNames().get(host);
        if (names == null && config.skipUnmappedHosts()) {
            return;
        }
        for (String name : names == null ? List.of(config.defaultLoggerName()) : names) {
            String logger = name.isEmpty() ? "http.log.access" : "http.log.access." + name;
            router.write(logger, line(ex, logger, startNanos, status, size));
        }
    }

    private String line(Exchange ex, String logger, long startNanos, int status, long size) {
        StringWriter w = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("level", status >= 500 ? "error" : "info");
            g.writeNumberField("ts", System.currentTimeMillis() / 1000.0);
            g.writeStringField("logger", logger);
            g.writeStringField("msg", "handled request");
            g.writeObjectFieldStart("request");
            g.writeStringField("remote_ip", IpText.of(ex.remoteAddress()));
            g.writeStringField("remote_port", Integer.toString(ex.remotePort()));
            g.writeStringField("client_ip", IpText.of(ex.clientAddress()));
            g.writeStringField("proto", "HTTP/" + ex.protocolVersion());
            g.writeStringField("method", ex.method());
            g.writeStringField("host", ex.host());
            g.writeStringField("uri", ex.rawUri());
            headers(g, "headers", ex.headers());
            g.writeEndObject();
            g.writeNumberField("bytes_read", ex.bytesRead());
            g.writeStringField("user_id", "");
            g.writeNumberField("duration", (System.nanoTime() - startNanos) / 1e9);
            g.writeNumberField("size", size);
            g.writeNumberField("status", status);
            if (ex.response() != null) {
                headers(g, "resp_headers", ex.response().headers());
            }
            if (ex.var("http.reverse_proxy") instanceof PlaceholderSource proxy) {
                String upstream = proxy.placeholder("upstream.address");
                if (upstream != null) {
                    g.writeStringField("upstream", upstream);
                }
                g.writeNumberField("retries", Integer.parseInt(proxy.placeholder("retries")));
            }
            if (ex.clientError() != null) {
                g.writeStringField("error", ex.clientError());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing JSON to a string cannot fail", e);
        }
        return w.toString();
    }

    /** Each field once, with all its lines, as Caddy logs a header map. */
    private void headers(JsonGenerator g, String field, HeaderList headers) throws IOException {
        g.writeObjectFieldStart(field);
        for (String name : headers.names()) {
            g.writeArrayFieldStart(name);
            boolean redact = !config.shouldLogCredentials() && CREDENTIALS.contains(name.toLowerCase(Locale.ROOT));
            for (String v : headers.values(name)) {
                g.writeString(redact ? "REDACTED" : v);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
