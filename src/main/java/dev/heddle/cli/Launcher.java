package dev.heddle.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The jar's entry point, compiled for Java 8 so that any old {@code java -jar heddle.jar}
 * can run it. On Java 21+ it calls {@link Main}; on an older Java it re-launches the jar on an
 * installed JDK 21+ (JAVA_HOME, then the usual JDK folders), or says in one sentence what is
 * missing. Never an UnsupportedClassVersionError.
 */
public final class Launcher {
    private static final int NEEDED = 21;
    private static final String[] JDK_DIRS = {
        "/usr/lib/jvm", "/usr/java", "/opt/java", "/opt", "/Library/Java/JavaVirtualMachines"
    };

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        int running = feature(System.getProperty("java.specification.version"));
        if (running >= NEEDED) {
            runMain(args);
            return;
        }
        String javaHome = System.getenv("HEDDLE_RELAUNCHED") == null ? findJdk() : null;
        if (javaHome == null) {
            System.err.println("heddle: Heddle needs Java " + NEEDED + " or newer, but this is Java " + running
                    + " (" + System.getProperty("java.home") + "); install a JDK " + NEEDED
                    + "+ or set JAVA_HOME to one.");
            System.exit(1);
        }
        System.exit(relaunch(javaHome, args));
    }

    private static void runMain(String[] args) throws Exception {
        try {
            Class.forName("dev.heddle.cli.Main").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw (Error) cause;
        }
    }

    /**
     * A heap capped so that the whole process stays under 512 MiB with 10,000 requests waiting
     * on upstreams (about 20 KiB of heap each, which end up in the old generation). A fixed
     * young generation: sized by ratio it started at 21 MiB, and a POST load then promoted its
     * buffers and spent ten times as long collecting. SerialGC: the least memory and CPU beside
     * the proxy's own work (DESIGN.md §11). One read sub-poller: with the JDK's default of one
     * per core, a CPU-starved process left some connections waiting for hundreds of
     * milliseconds while others were served (the "Fairness" section of bench/RESULTS.md).
     */
    static final String DEFAULT_JAVA_OPTS = "-XX:+UseSerialGC -Xms128m -Xmx384m -Xmn96m -Djdk.readPollers=1";

    private static int relaunch(String javaHome, String[] args) throws IOException, InterruptedException {
        String jar = new File(Launcher.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        List<String> command = new ArrayList<String>();
        command.add(javaHome + File.separator + "bin" + File.separator + "java");
        // The same JVM options as bin/heddle: HEDDLE_JAVA_OPTS, else the defaults.
        String opts = System.getenv("HEDDLE_JAVA_OPTS");
        for (String o : (opts == null ? DEFAULT_JAVA_OPTS : opts).trim().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.add("-cp");
        command.add(jar);
        command.add("dev.heddle.cli.Main");
        for (String a : args) {
            command.add(a);
        }
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().put("HEDDLE_RELAUNCHED", "1");
        final Process child = pb.start();
        // Forward a stop of this process to the child so no server is left behind.
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            public void run() {
                child.destroy();
            }
        }));
        return child.waitFor();
    }

    /** JAVA_HOME if it is new enough, else the newest JDK in the usual folders. */
    static String findJdk() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && version(new File(home)) >= NEEDED) {
            return home;
        }
        String best = null;
        int bestVersion = 0;
        for (String dir : JDK_DIRS) {
            File[] entries = new File(dir).listFiles();
            if (entries == null) {
                continue;
            }
            for (File e : entries) {
                File h = new File(e, "Contents/Home").isDirectory() ? new File(e, "Contents/Home") : e;
                int v = version(h);
                if (v >= NEEDED && v > bestVersion && new File(h, "bin/java").canExecute()) {
                    best = h.getPath();
                    bestVersion = v;
                }
            }
        }
        return best;
    }

    /** The feature version from a JDK's {@code release} file, or 0. */
    static int version(File home) {
        File release = new File(home, "release");
        if (!release.isFile()) {
            return 0;
        }
        Properties p = new Properties();
        InputStream in = null;
        try {
            in = new FileInputStream(release);
            p.load(in);
        } catch (IOException e) {
            return 0;
        } finally {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing to do
                }
            }
        }
        String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
        return feature(v);
    }

    /** "1.8" -> 8, "17.0.2" -> 17, "25" -> 25. */
    static int feature(String version) {
        if (version == null || version.isEmpty()) {
            return 0;
        }
        String v = version.startsWith("1.") ? version.substring(2) : version;
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(v.substring(0, end));
    }
}
