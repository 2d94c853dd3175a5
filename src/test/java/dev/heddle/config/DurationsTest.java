package dev.heddle.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationsTest {
    @ParameterizedTest
    @CsvSource({
        "250ms, 250000000",
        "1m30s, 90000000000",
        "1.5h, 5400000000000",
        "1d, 86400000000000",
        "0, 0",
        "-1s, -1000000000",
        "2h45m, 9900000000000",
        "1us, 1000",
        "3ns, 3"
    })
    void parsesCaddyDurations(String text, long nanos) {
        assertEquals(Duration.ofNanos(nanos), Durations.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "1x", "ms", "1.2.3s", "abc"})
    void rejectsOthers(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(text));
    }
}
