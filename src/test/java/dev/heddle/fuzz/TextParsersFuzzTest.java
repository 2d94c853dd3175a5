package dev.heddle.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.heddle.config.Cidr;
import dev.heddle.config.DialAddress;
import dev.heddle.config.Durations;
import dev.heddle.config.ListenAddress;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Duration, address and CIDR parsers: any text is parsed or refused with an
 * IllegalArgumentException (which the loader turns into a path-named error), and what parses
 * prints back to something that parses to the same value. Inputs are raw bytes read as UTF-8,
 * so the corpus files beside this class are plain text.
 */
class TextParsersFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void durations(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(d, Durations.parse(d.toNanos() + "ns"));
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void dialAddresses(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        DialAddress a;
        try {
            a = DialAddress.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(a, DialAddress.parse(a.toString()));
        if (a.unixPath() == null) {
            assertFalse(a.port() < 1 || a.port() > 65535, "port " + a.port());
        }
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void listenAddresses(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        ListenAddress a;
        try {
            a = ListenAddress.parse(text);
        } catch (IllegalArgumentException refused) {
            return;
        }
        assertEquals(a, ListenAddress.parse(a.toString()));
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(value = 5, unit = TimeUnit.MINUTES)  // fuzzing mode: maxDuration, plus the fuzzer's start
    void cidrs(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
        try {
            Cidr.parse(text);
        } catch (IllegalArgumentException refused) {
            // refused with a message the loader shows
        }
    }
}
