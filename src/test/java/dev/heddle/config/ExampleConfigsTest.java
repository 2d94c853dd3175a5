package dev.heddle.config;

import dev.heddle.caddyfile.CaddyfileAdapter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example in conf/ loads (the quickstart is also served for real in QuickstartTest);
 * Caddyfile examples load through the adapter, as {@code heddle run} loads them.
 */
class ExampleConfigsTest {
    @Test
    void everyFileInConfLoads() throws IOException, ConfigException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("conf"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "conf/ has no examples");
        for (Path f : files) {
            HeddleConfig config = ConfigLoader.load(f);
            assertTrue(!config.servers().isEmpty(), f + " defines no servers");
        }
    }

    @Test
    void everyCaddyfileInConfAdaptsAndLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("conf"))) {
            files = s.filter(CaddyfileAdapter::isCaddyfile).sorted().toList();
        }
        assertFalse(files.isEmpty(), "conf/ has no Caddyfile examples");
        for (Path f : files) {
            String json = CaddyfileAdapter.toJson(CaddyfileAdapter.adaptFile(f, System::getenv), false);
            HeddleConfig config = ConfigLoader.parse(json);
            assertTrue(!config.servers().isEmpty(), f + " defines no servers");
        }
    }
}
