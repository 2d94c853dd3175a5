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

    /**
     * Disabled until Helidon's fix reaches a 4.x release. Helidon 4.5.0 (and 4.5.1-4.5.3, and the
     * helidon-4.x branch) builds a {@code java.util.Timer("helidon-idle-connection-timer")} in the
     * LoomServer constructor and schedules each ServerListener's periodic IdleTimeoutHandler on it
     * from the ServerListener constructor; nothing cancels the task or the timer, so the timer's
     * queue is never empty and its thread never ends. No option turns the handler off
     * (idle_connection_period must be positive), and after construction neither LoomServer nor
     * ServerListener keeps the Timer or the task in a field: the only path to them is the JDK's
     * private java.util.TimerThread queue, which would need --add-opens java.base/java.util on
     * every launch. Helidon fixed it on main (27.x): issue #11939, PR #11979 cancels the task
     * when the listener stops, after which the unreachable Timer's thread ends.
     */
    @Test
    @Disabled("issue 20: Helidon 4.5.x starts a java.util.Timer (helidon-idle-connection-timer) per WebServer and never cancels "
            + "its idle-timeout task, so every stopped listener leaves a thread; fixed only in Helidon 27.x (helidon#11939, PR #11979)")
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
