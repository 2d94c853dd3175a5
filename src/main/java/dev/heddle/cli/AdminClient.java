package dev.heddle.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** {@code heddle reload} and {@code heddle stop}: requests to a running instance's admin API. */
final class AdminClient {
    private AdminClient() {
    }

    /** Sends one request; returns null on success, else the reason in one line. */
    static String send(String address, String method, String path, String body) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofMinutes(2))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> res = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() / 100 == 2) {
                return null;
            }
            String text = res.body().trim();
            int at = text.indexOf("\"error\":\"");
            return at < 0 ? "admin API answered " + res.statusCode() + ": " + text
                    : text.substring(at + 9, text.lastIndexOf('"')).replace("\\\"", "\"");
        } catch (IOException e) {
            return "cannot reach the admin API at " + address + " (is Heddle running?): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
