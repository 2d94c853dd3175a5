package dev.heddle.transport.fastcgi;

import dev.heddle.config.ConfigException;
import dev.heddle.config.ConfigLoader;
import dev.heddle.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the README says the fastcgi transport decides at load: a non-ASCII split_path is refused,
 * and kept connections without a max_conns_per_host are warned about (php-fpm's pm.max_children).
 */
class FastCgiConfigTest {
    private static String config(String transport) {
        return "{\"apps\": {\"http\": {\"servers\": {\"srv0\": {\"listen\": [\"127.0.0.1:0\"], \"routes\": [{\"handle\": ["
                + "{\"handler\": \"reverse_proxy\", \"upstreams\": [{\"dial\": \"127.0.0.1:9000\"}], \"transport\": {\"protocol\": \"fastcgi\""
                + transport + "}}]}]}}}}}";
    }

    @Test
    void aNonAsciiSplitPathIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(config(", \"split_path\": [\".php\", \".ph\u03c0\"]")));
        assertTrue(e.getMessage().startsWith("apps.http.servers.srv0.routes[0].handle[0].transport.split_path[1]: split_path must be ASCII"),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "keep-alive without max_conns_per_host | , \"keep_alive\": {\"enabled\": true}                              | true",
        "keep-alive with max_conns_per_host    | , \"keep_alive\": {\"enabled\": true}, \"max_conns_per_host\": 4  | false",
        "a connection per request              | ''                                                               | false",
    })
    void keptConnectionsWithoutACapAreWarnedAbout(String what, String transport, boolean warned) throws Exception {
        try (LogCapture log = new LogCapture("dev.heddle.config")) {
            ConfigLoader.parse(config(transport));
            List<String> warnings = log.messages(Level.WARNING, Level.SEVERE).stream().filter(m -> m.contains("pm.max_children")).toList();
            assertEquals(warned ? 1 : 0, warnings.size(), what + ": " + warnings);
        }
    }
}
