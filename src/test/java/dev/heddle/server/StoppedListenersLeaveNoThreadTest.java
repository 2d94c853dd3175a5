package dev.heddle.server;

import dev.heddle.testing.Heddle;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stopped listener leaves no thread behind: started and closed ten times, Heddle ends with as
 * many live threads of each kind as it began with (after the first, which may start the shared ones).
 */
class StoppedListenersLeaveNoThreadTest {
    private static long named(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).count();
    }

    @Test
    @Disabled("issue 20: Helidon 4.5.0 starts a java.util.Timer (helidon-idle-connection-timer) per WebServer and never cancels "
            + "its idle-timeout task: every stopped listener leaves a thread")
    void startedAndClosedHeddlesLeaveNoIdleConnectionTimer() throws Exception {
        String config = """
                {"apps": {"http": {"servers": {"srv0": {"listen": ["127.0.0.1:0"],
                  "routes": [{"handle": [{"handler": "static_response", "body": "ok"}]}]}}}}}""";
        Heddle.start(config).close();
        long before = named("helidon-idle-connection-timer");
        for (int i = 0; i < 10; i++) {
            Heddle.start(config).close();
        }
        System.gc();
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> named("helidon-idle-connection-timer") <= before);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            assertEquals(before, named("helidon-idle-connection-timer"), "idle-connection timer threads after ten more Heddles");
        }
    }
}
