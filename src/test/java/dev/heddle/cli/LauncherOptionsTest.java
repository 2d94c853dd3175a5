package dev.heddle.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/heddle and the jar's re-launch start the JVM with the same default options. */
class LauncherOptionsTest {
    @Test
    void binHeddleDefaultsToTheLaunchersJavaOptions() throws Exception {
        String script = Files.readString(Path.of("bin/heddle"));
        Matcher m = Pattern.compile("\\$\\{HEDDLE_JAVA_OPTS:-([^}]*)}").matcher(script);
        assertTrue(m.find(), "bin/heddle has no ${HEDDLE_JAVA_OPTS:-...} default");
        assertEquals(Launcher.DEFAULT_JAVA_OPTS, m.group(1));
    }
}
