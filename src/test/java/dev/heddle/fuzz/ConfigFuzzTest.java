package dev.heddle.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import org.junit.jupiter.api.Timeout;

import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The config loader never fails with anything but a ConfigException naming a JSON path (or
 * the JSON error), whatever the text: arbitrary text, and Caddy-shaped configs whose values
 * are fuzzed where real configs put them.
 */
class ConfigFuzzTest {
    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void anyText(byte[] input) {
        load(new String(input, java.nio.charset.StandardCharsets.UTF_8), "");
    }

    @FuzzTest(maxDuration = "60s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void caddyShapedConfigs(FuzzedDataProvider data) {
        String json = """
                {"apps": {"http": {"servers": {"s": {"listen": [%s], "read_timeout": %s, "max_header_count": %s,
                  "routes": [{"match": [{"path": [%s], "header": {%s: [%s]}}],
                    "handle": [{"handler": "reverse_proxy", "upstreams": [{"dial": %s}],
                      "transport": {"protocol": "http", "dial_timeout": %s, "local_address": %s, "keep_alive": {"probe_interval": %s}},
                      "load_balancing": {"selection_policy": {"policy": %s}, "retries": %s},
                      "headers": {"request": {"set": {%s: [%s]}}}}]}]}}}}}"""
                .formatted(value(data), value(data), value(data), value(data), string(data), value(data), value(data),
                        value(data), value(data), value(data), value(data), value(data), string(data), value(data));
        load(json, "apps.http.servers.s.");  // every fuzzed value sits under the one server
    }

    /** A JSON value: a string, a number, or sometimes something structurally different. */
    private static String value(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> string(data);
            case 1 -> Long.toString(data.consumeLong());
            case 2 -> "[" + string(data) + "]";
            case 3 -> "{}";
            default -> data.consumeBoolean() ? "null" : "true";
        };
    }

    private static String string(FuzzedDataProvider data) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : data.consumeString(40).toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    /**
     * The error names a JSON path ("apps.http.servers.s.listen[0]: ...") and starts with it; only
     * text that is no JSON object at all gets the JSON error instead, which has no path.
     */
    private static void load(String json, String pathPrefix) {
        try {
            ConfigLoader.parse(json);
        } catch (ConfigException e) {
            String message = e.getMessage();
            if (e.path().isEmpty() && pathPrefix.isEmpty()) {
                assertTrue(JSON_ERROR.matcher(message).matches(), "an error without a JSON path must be the JSON error: " + message);
                return;
            }
            assertTrue(e.path().startsWith(pathPrefix) && JSON_PATH.matcher(e.path()).matches(),
                    "a config error starts with the JSON path of the bad value: " + message);
            assertTrue(message.startsWith(e.path() + ": ") && !e.problem().isBlank(), "then says what is wrong: " + message);
        }
    }

    /** A plain field name, or a quoted one (any text, quotes escaped) as Node.childPath writes it. */
    private static final String NAME = "(?:[A-Za-z0-9_@-]+|\"(?:\\\\\"|[^\"])*?\")";
    /** A field name, then .field or [index] steps. */
    private static final Pattern JSON_PATH = Pattern.compile(NAME + "(?:\\." + NAME + "|\\[\\d+])*", Pattern.DOTALL);
    private static final Pattern JSON_ERROR = Pattern.compile("invalid JSON: .+|the config must be a JSON object", Pattern.DOTALL);
}
