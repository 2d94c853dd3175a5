package dev.heddle.caddyfile;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus' reverse_proxy examples, adapted, go through Heddle's strict config loader as
 * {@code heddle run} would: each loads, or is refused at the JSON path of a feature Heddle's
 * runtime does not have yet (listed here, so the list shrinks as the runtime grows).
 */
class CorpusConfigsLoadTest {
    private static final Path CORPUS = Path.of("src/test/resources/caddyfile-corpus");

    /** Case → the start of the refusal (the JSON path Heddle names). */
    private static final Map<String, String> NOT_YET = Map.ofEntries(
            Map.entry("07-transport-http", "apps.http.servers.srv1.routes[0].handle[0].transport.versions[0]: \"h2c\""),
            Map.entry("14-single-line-matchers", "apps.http.servers.srv0.routes[0].handle[0].routes[5].match[0].expression:"),
            Map.entry("17-handle-errors", "apps.http.servers.srv0.errors.routes[0].match[0].expression:"),
            Map.entry("33-vars-map-request-header", "apps.http.servers.srv0.routes[3].handle[0].upstreams[0].dial: \"{backend}:80\""),
            Map.entry("34-rp-extras", "apps.http.servers.srv1.routes[0].handle[0].upstreams[0].dial: is required"),
            Map.entry("37-tls-global", "apps.tls.automation.policies[0].issuers[0].module: issuer \"acme\""),
            Map.entry("53-basicauth-metrics", "apps.http.servers.srv0.routes[0].handle[0].handler: \"authentication\""));

    @Test
    void reverseProxyExamplesLoadOrNameWhatIsMissing() throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(CORPUS)) {
            cases = s.filter(p -> p.toString().endsWith(".Caddyfile") && !p.toString().contains("-invalid-")).sorted().toList();
        }
        Map<String, String> outcome = new TreeMap<>();
        int loaded = 0;
        for (Path c : cases) {
            String text = Files.readString(c, StandardCharsets.UTF_8);
            if (!text.contains("reverse_proxy") && !text.contains("php_fastcgi") && !text.contains("forward_auth")) {
                continue;
            }
            String name = c.getFileName().toString().replace(".Caddyfile", "");
            String json;
            try {
                json = CaddyfileAdapter.toJson(CaddyfileAdapter.adapt(c.getFileName().toString(), text,
                        Map.of("UPSTREAM", "10.0.0.5:9000")::get, CORPUS.toAbsolutePath()), false);
            } catch (CaddyfileException e) {
                outcome.put(name, "adapter error: " + e.getMessage());
                continue;
            }
            try {
                ConfigLoader.parse(json);
                loaded++;
                if (NOT_YET.containsKey(name)) {
                    outcome.put(name, "loads now: take it off NOT_YET");
                }
            } catch (ConfigException e) {
                String expected = NOT_YET.get(name);
                if (expected == null || !e.getMessage().startsWith(expected)) {
                    outcome.put(name, "refused: " + e.getMessage());
                }
            }
        }
        assertTrue(outcome.isEmpty(), "unexpected outcomes: " + outcome);
        assertEquals(24, loaded, "reverse_proxy examples that load");
    }
}
