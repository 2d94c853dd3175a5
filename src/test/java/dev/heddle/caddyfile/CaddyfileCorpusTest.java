package dev.heddle.caddyfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every case of the Caddyfile corpus (Caddy 2.6.2's recorded output) through the adapter:
 * valid cases must give the same parsed JSON, invalid ones must fail with an error naming the
 * same line. The repository's copy always runs (CI has no ../shared); the shared corpus, which
 * may have grown, runs too when it is there.
 */
class CaddyfileCorpusTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path IN_REPO = Path.of("src/test/resources/caddyfile-corpus");
    private static final Path SHARED = Path.of("../shared/caddyfile-corpus");
    private static final Pattern ENV_HEADER = Pattern.compile("(?m)^# env: (.*)$");
    private static final Pattern ERROR_LINE = Pattern.compile("\\.Caddyfile:(\\d+)");

    @Test
    void repositoryCorpusMatchesCaddy() throws IOException {
        runCorpus(IN_REPO);
    }

    @Test
    void sharedCorpusMatchesCaddy() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(SHARED),
                "no shared corpus at " + SHARED.toAbsolutePath().normalize() + "; the repository's copy ran instead");
        runCorpus(SHARED);
    }

    private static void runCorpus(Path dir) throws IOException {
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> p.getFileName().toString().endsWith(".Caddyfile")).sorted().toList();
        }
        assertFalse(cases.isEmpty(), "no cases in " + dir);
        List<String> failures = new ArrayList<>();
        int matched = 0;
        for (Path c : cases) {
            String failure = runCase(dir, c);
            if (failure == null) {
                matched++;
            } else {
                failures.add(failure);
            }
        }
        System.out.println(dir + ": " + matched + "/" + cases.size() + " cases match");
        assertTrue(failures.isEmpty(), matched + "/" + cases.size() + " cases match; failing:\n"
                + String.join("\n", failures));
    }

    /** Null when the case matches, else what differs. */
    static String runCase(Path dir, Path caddyfile) throws IOException {
        String name = caddyfile.getFileName().toString();
        String base = name.substring(0, name.length() - ".Caddyfile".length());
        String text = Files.readString(caddyfile, StandardCharsets.UTF_8);
        Map<String, String> env = envOf(text);
        Path expectedJson = dir.resolve(base + ".caddy.json");
        Path expectedError = dir.resolve(base + ".error.txt");
        JsonNode actual;
        try {
            // The bare name, as the corpus was recorded from its folder (file_server hides "./NAME").
            actual = CaddyfileAdapter.adapt(name, text, env::get, dir.toAbsolutePath());
        } catch (CaddyfileException e) {
            if (!Files.exists(expectedError)) {
                return name + ": unexpected error: " + e.getMessage();
            }
            Matcher m = ERROR_LINE.matcher(Files.readString(expectedError));
            if (m.find() && e.line() != Integer.parseInt(m.group(1))) {
                return name + ": error on line " + e.line() + ", Caddy's is on line " + m.group(1) + ": " + e.getMessage();
            }
            return null;
        }
        if (!Files.exists(expectedJson)) {
            return name + ": adapted, but Caddy rejects it: " + Files.readString(expectedError).trim();
        }
        List<String> diffs = JsonCompare.differences(MAPPER.readTree(expectedJson.toFile()), actual);
        return diffs.isEmpty() ? null : name + ":\n  " + String.join("\n  ", diffs.subList(0, Math.min(10, diffs.size())));
    }

    /** The corpus convention: an empty environment plus the variables of a "# env:" header. */
    private static Map<String, String> envOf(String text) {
        Map<String, String> env = new HashMap<>();
        Matcher m = ENV_HEADER.matcher(text);
        if (m.find()) {
            for (String pair : m.group(1).trim().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    env.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return env;
    }
}
