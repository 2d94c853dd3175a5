package dev.heddle.transport.fastcgi;

import dev.heddle.testing.Heddle;
import dev.heddle.testing.PhpFpm;
import dev.heddle.testing.RawClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * conf/php-app.json (the JSON Caddy's {@code php_fastcgi} expands to) served for real: its
 * listener, root and php-fpm socket swapped for the test's. A front controller takes every
 * path that is no file, a directory with an index.php gets its trailing slash, scripts run,
 * static files are served.
 */
class PhpAppExampleTest {
    private static PhpFpm fpm;
    private static Heddle heddle;

    @BeforeAll
    static void start() throws Exception {
        fpm = PhpFpm.start(false);
        fpm.script("index.php", "<?php echo 'front:' . $_SERVER['SCRIPT_NAME'] . ':' . $_SERVER['REQUEST_URI'];");
        fpm.script("info.php", "<?php echo 'info:' . $_SERVER['PATH_INFO'];");
        fpm.script("admin/index.php", "<?php echo 'admin:' . $_SERVER['SCRIPT_NAME'];");
        fpm.script("style.css", "body{}");
        String json = Files.readString(Path.of("conf/php-app.json"))
                .replace("127.0.0.1:8080", "127.0.0.1:0")
                .replace("/srv/app/public", fpm.root.toString())
                .replace("unix//run/php/php8.2-fpm.sock", fpm.dial());
        heddle = Heddle.start(json);
    }

    @AfterAll
    static void stop() throws Exception {
        if (heddle != null) {
            heddle.close();
        }
        if (fpm != null) {
            fpm.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // target             | status | body or Location
        "/                    | 200    | front:/index.php:/",
        "/blog/hello?x=1      | 200    | front:/index.php:/blog/hello?x=1",
        "/info.php/more       | 200    | info:/more",
        "/admin/              | 200    | admin:/admin/index.php",
        "/admin?q=1           | 308    | /admin/?q=1",
        "/style.css           | 200    | body{}",
    })
    void servesAsCaddysPhpFastcgi(String target, int status, String expected) throws Exception {
        RawClient.Response r = RawClient.exchange(heddle.port("php"), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(status, r.status(), target);
        assertEquals(expected, status == 308 ? r.header("Location") : r.bodyText(), target);
    }
}
